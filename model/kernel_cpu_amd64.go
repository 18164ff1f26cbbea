//go:build !purego

package model

import "golang.org/x/sys/cpu"

// haveKernel reports whether the vector kernel of the shallow path
// (kernel_amd64.s) can run: the CPU and the OS support AVX2.
var haveKernel = cpu.X86.HasAVX2

// unrolledKernel runs gradientKernelN for n neurons, if n ≤ 8, with
// direct calls (a call through a func value of an assembly function takes
// a wrapper), and reports whether it did.
func unrolledKernel(n int, k, x, y, t, sums, totals, grad []float64, scale float64) bool {
	switch n {
	case 1:
		gradientKernel1(k, x, y, t, sums, totals, grad, scale)
	case 2:
		gradientKernel2(k, x, y, t, sums, totals, grad, scale)
	case 3:
		gradientKernel3(k, x, y, t, sums, totals, grad, scale)
	case 4:
		gradientKernel4(k, x, y, t, sums, totals, grad, scale)
	case 5:
		gradientKernel5(k, x, y, t, sums, totals, grad, scale)
	case 6:
		gradientKernel6(k, x, y, t, sums, totals, grad, scale)
	case 7:
		gradientKernel7(k, x, y, t, sums, totals, grad, scale)
	case 8:
		gradientKernel8(k, x, y, t, sums, totals, grad, scale)
	default:
		return false
	}
	return true
}
