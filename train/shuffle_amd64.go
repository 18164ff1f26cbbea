//go:build !purego

package train

// shuffleSteps takes the steps of Shuffle on X, Y and T = x, y and t from
// position i down, two swaps a draw from the generator at state, while
// i > 1 and neither half of a draw takes bounded's slow path. It returns
// the position it stopped at and the state: where a draw needs the slow
// path, the state after that draw and its two products, uint32(u)·(i+1)
// and (u>>32)·i, its swaps not taken. i < len(x) ≤ len(y), len(t) < 2³².
//
// In assembly (shuffle_amd64.s) the generator's constants stay in
// registers and the indices need no bounds checks: a draw's two swaps take
// 52 instructions, where the compiler's Go (shuffle_other.go) takes 63.
// Like swapSamples, each swap loads its six values before it stores any.
//
//go:noescape
func shuffleSteps(x, y, t []float64, i int, state uint64) (int, uint64, uint64, uint64)
