package train

import (
	"cmp"
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// forEach calls f(ctx, i) for every i in [0, n), on up to workers
// goroutines at once (one per CPU if workers ≤ 0), and waits for the calls
// to return. Once ctx is done or a call fails it starts no more calls, and
// the ctx the running ones were given is done; it returns the first error
// of a call, or else ctx's.
func forEach(ctx context.Context, n, workers int, f func(ctx context.Context, i int) error) error {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error { return f(gctx, i) })
	}
	return cmp.Or(g.Wait(), ctx.Err())
}
