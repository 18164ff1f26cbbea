//go:build !amd64 || purego

package train

// shuffleSteps takes the steps of Shuffle on X, Y and T = x, y and t from
// position i down, two swaps a draw from the generator at state, while
// i > 1 and neither half of a draw takes bounded's slow path. It returns
// the position it stopped at and the state: where a draw needs the slow
// path, the state after that draw and its two products, uint32(u)·(i+1)
// and (u>>32)·i, its swaps not taken. i < len(x) ≤ len(y), len(t) < 2³².

func shuffleSteps(x, y, t []float64, i int, state uint64) (int, uint64, uint64, uint64) {
	y, t = y[:len(x)], t[:len(x)]
	g := state
	for ; i > 1; i -= 2 {
		var u uint64
		g, u = splitMix(g)
		n, m := uint32(i+1), uint32(i)
		a, b := uint64(uint32(u))*uint64(n), u>>32*uint64(m) // bounded, written out
		if uint32(a) < n || uint32(b) < m {
			return i, g, a, b
		}
		swapSamples(x, y, t, i, a>>32)
		swapSamples(x, y, t, i-1, b>>32)
	}
	return i, g, 0, 0
}
