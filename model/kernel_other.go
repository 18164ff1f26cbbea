//go:build !amd64 || purego

package model

// haveKernel reports whether the vector kernel of the shallow path can run:
// never in this build.
const haveKernel = false

func forwardKernel(k, x, y, z, h, o []float64, stride int) {
	panic("model: no vector kernel")
}

func lossKernel(k, x, y, t, lanes []float64) {
	panic("model: no vector kernel")
}

func gradientKernel(k, x, y, t, h, sums, totals, grad []float64, stride int, scale float64) {
	panic("model: no vector kernel")
}

func unrolledKernel(n int, k, x, y, t, sums, totals, grad []float64, scale float64) bool {
	panic("model: no vector kernel")
}
