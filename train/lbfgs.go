package train

import "math"

// lbfgs minimises f from x with the limited-memory BFGS method of Nocedal
// (the two-loop recursion over the last m steps) and a backtracking line
// search that asks for Armijo's sufficient decrease,
//
//	f(x + αd) ≤ f(x) + 10⁻⁴·α·∇f(x)·d,
//
// halving α from 1 (from 1/|∇f| on the first step, which has no curvature
// to scale it). fg sets grad to ∇f at x and returns f(x). It stops after
// iters iterations, when the line search finds no lower value, or when
// the gradient vanishes, and returns the last value; x holds the
// minimiser found.
func lbfgs(x []float64, fg func(x, grad []float64) float64, iters, m int) float64 {
	n := len(x)
	g, d, xn, gn := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	s, y := make([][]float64, 0, m), make([][]float64, 0, m)
	rho, alpha := make([]float64, 0, m), make([]float64, m)
	f := fg(x, g)
	for it := 0; it < iters; it++ {
		// d = −H·g by the two-loop recursion.
		copy(d, g)
		for i := len(s) - 1; i >= 0; i-- {
			alpha[i] = rho[i] * dot(s[i], d)
			axpy(d, -alpha[i], y[i])
		}
		if k := len(s) - 1; k >= 0 {
			scale(d, dot(s[k], y[k])/dot(y[k], y[k]))
		}
		for i := range s {
			beta := rho[i] * dot(y[i], d)
			axpy(d, alpha[i]-beta, s[i])
		}
		scale(d, -1)
		slope := dot(g, d)
		if slope >= 0 { // not a descent direction: start over from the gradient
			copy(d, g)
			scale(d, -1)
			slope = dot(g, d)
			s, y, rho = s[:0], y[:0], rho[:0]
		}
		step, fn := 1.0, math.Inf(1)
		if len(s) == 0 {
			step = 1 / math.Sqrt(dot(g, g))
		}
		for range 40 {
			for i := range xn {
				xn[i] = x[i] + step*d[i]
			}
			if fn = fg(xn, gn); fn <= f+1e-4*step*slope {
				break
			}
			step /= 2
		}
		if !(fn < f) {
			return f
		}
		sk, yk := make([]float64, n), make([]float64, n)
		for i := range sk {
			sk[i], yk[i] = xn[i]-x[i], gn[i]-g[i]
		}
		if sy := dot(sk, yk); sy > 0 {
			if len(s) == m {
				s, y, rho = s[1:], y[1:], rho[1:]
			}
			s, y, rho = append(s, sk), append(y, yk), append(rho, 1/sy)
		}
		copy(x, xn)
		copy(g, gn)
		f = fn
		if dot(g, g) == 0 {
			break
		}
	}
	return f
}

// dot returns Σᵢ a[i]·b[i], summed in order, each product rounded before
// it is added (no fused multiply-add), so that every machine gives the
// same bits.
func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += float64(v * b[i])
	}
	return s
}

// axpy sets y += a·x.
func axpy(y []float64, a float64, x []float64) {
	for i, v := range x {
		y[i] += a * v
	}
}

func scale(x []float64, a float64) {
	for i := range x {
		x[i] *= a
	}
}
