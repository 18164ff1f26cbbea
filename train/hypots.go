package train

//go:generate go run -C ../model/asm . -kernel hypot -out ../../train/hypot_amd64.s -stubs ../../train/hypot_amd64.go -pkg train

// useHypotKernel says whether hypots takes the vector kernel; tests turn
// it off to compare.
var useHypotKernel = haveKernel

// hypots sets t[i] = hypot(x[i], y[i]) for every i < len(x), with hypot's
// bits: four samples at a time on the vector kernel where the CPU has one
// (hypot_amd64.s: VDIVPD and VSQRTPD round as DIVSD and SQRTSD do), the
// last len(x) mod 4 in Go, and all of them in Go if one is zero in both
// coordinates, ±Inf or NaN, which the kernel leaves to hypot.
func hypots(t, x, y []float64) {
	y, t = y[:len(x)], t[:len(x)]
	i := 0
	if useHypotKernel && len(x) >= 4 && hypotKernel(t, x, y) {
		i = len(x) &^ 3
	}
	for ; i < len(x); i++ {
		t[i] = hypot(x[i], y[i])
	}
}
