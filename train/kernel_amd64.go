//go:build !purego

package train

import "golang.org/x/sys/cpu"

// haveKernel reports whether the vector kernels (stats_amd64.s,
// hypot_amd64.s) can run: the CPU and the OS support AVX2.
var haveKernel = cpu.X86.HasAVX2
