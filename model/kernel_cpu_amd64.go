//go:build !purego

package model

import "golang.org/x/sys/cpu"

// haveKernel reports whether the vector kernel of the shallow path
// (kernel_amd64.s) can run: the CPU and the OS support AVX2.
var haveKernel = cpu.X86.HasAVX2

// unrolledKernels holds gradientKernelN at index N.
var unrolledKernels = [...]func(k, x, y, t, h, sums []float64, stride int, scale float64){
	nil, gradientKernel1, gradientKernel2, gradientKernel3, gradientKernel4,
}
