package train

import (
	"cmp"
	"math"
	"slices"
)

// principal returns the two principal directions of the n points x
// (row-major, d coordinates each) about their mean, as unit vectors, and
// the share of the variance along each, as PCA over a trajectory in Li et
// al. 2018 ("Visualizing the Loss Landscape of Neural Nets") finds them.
//
// With X the centred points (n×d), the directions are the leading
// eigenvectors of XᵀX. When n < d they come from the smaller Gram matrix
// XXᵀ instead: an eigenvector u of XXᵀ with eigenvalue λ gives Xᵀu/√λ, a
// unit eigenvector of XᵀX with the same λ. Signs are chosen so that the
// first point lies at negative coordinates: the path comes in from the
// lower left. A direction along which the points do not vary is nil.
func principal(x []float64, n, d int) (d1, d2 []float64, share [2]float64) {
	c := slices.Clone(x)
	for j := range d {
		mean := 0.0
		for i := range n {
			mean += c[i*d+j]
		}
		mean /= float64(n)
		for i := range n {
			c[i*d+j] -= mean
		}
	}
	gram := n < d
	m := d
	if gram {
		m = n
	}
	a := make([]float64, m*m) // XᵀX or XXᵀ
	for p := range m {
		for q := p; q < m; q++ {
			s := 0.0
			if gram {
				for j := range d {
					s += c[p*d+j] * c[q*d+j]
				}
			} else {
				for i := range n {
					s += c[i*d+p] * c[i*d+q]
				}
			}
			a[p*m+q], a[q*m+p] = s, s
		}
	}
	vals, vecs := symEigen(a, m)
	total := 0.0
	for _, v := range vals {
		total += max(v, 0)
	}
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(vals[j], vals[i]) })
	var dirs [2][]float64
	for k := 0; k < 2 && k < m; k++ {
		e, lam := order[k], vals[order[k]]
		if !(lam > 1e-12*total) {
			break
		}
		share[k] = lam / total
		v := make([]float64, d)
		if gram {
			for i := range n {
				for j := range d {
					v[j] += c[i*d+j] * vecs[i*m+e]
				}
			}
		} else {
			for j := range d {
				v[j] = vecs[j*m+e]
			}
		}
		scale(v, 1/norm(v))
		if dot(c[:d], v) > 0 {
			scale(v, -1)
		}
		dirs[k] = v
	}
	return dirs[0], dirs[1], share
}

// symEigen returns the eigenvalues of the symmetric m×m matrix a
// (row-major, overwritten) and its eigenvectors, vector k the column k of
// vecs, by cyclic Jacobi rotations until the off-diagonal mass is below
// 1e-15 of the whole.
func symEigen(a []float64, m int) (vals, vecs []float64) {
	vecs = make([]float64, m*m)
	for i := range m {
		vecs[i*m+i] = 1
	}
	whole := 0.0
	for _, x := range a {
		whole += x * x
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for p := range m {
			for q := p + 1; q < m; q++ {
				off += 2 * a[p*m+q] * a[p*m+q]
			}
		}
		if off <= 1e-30*whole {
			break
		}
		for p := range m {
			for q := p + 1; q < m; q++ {
				apq := a[p*m+q]
				if apq == 0 {
					continue
				}
				// The rotation by θ that zeroes a[p][q]: t = tan θ is the
				// smaller root of t² + 2τt − 1 = 0, τ = (a_qq − a_pp)/(2a_pq).
				tau := (a[q*m+q] - a[p*m+p]) / (2 * apq)
				t := math.Copysign(1, tau) / (math.Abs(tau) + math.Sqrt(1+tau*tau))
				cs := 1 / math.Sqrt(1+t*t)
				sn := t * cs
				for k := range m { // columns p and q
					akp, akq := a[k*m+p], a[k*m+q]
					a[k*m+p], a[k*m+q] = cs*akp-sn*akq, sn*akp+cs*akq
				}
				for k := range m { // rows p and q
					apk, aqk := a[p*m+k], a[q*m+k]
					a[p*m+k], a[q*m+k] = cs*apk-sn*aqk, sn*apk+cs*aqk
				}
				for k := range m {
					vkp, vkq := vecs[k*m+p], vecs[k*m+q]
					vecs[k*m+p], vecs[k*m+q] = cs*vkp-sn*vkq, sn*vkp+cs*vkq
				}
			}
		}
	}
	vals = make([]float64, m)
	for i := range m {
		vals[i] = a[i*m+i]
	}
	return vals, vecs
}

func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }
