//go:build !amd64 || purego

package train

// haveKernel reports whether the vector kernels can run: never in this
// build.
const haveKernel = false

func unitKernel(z, h []float64) (active int, lo, hi float64, nan bool) {
	panic("train: no vector kernel")
}

func hypotKernel(t, x, y []float64) bool { panic("train: no vector kernel") }
