//go:build !amd64 || purego

package optim

// haveKernel reports whether the vector kernels can run: never in this
// build.
const haveKernel = false

func adamKernel(p, g, m, v []float64, c1, c2, alpha, eps float64) {
	panic("optim: no vector kernel")
}
