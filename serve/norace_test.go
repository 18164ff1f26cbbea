//go:build !race

package serve

// raceEnabled says the race detector is on.
const raceEnabled = false
