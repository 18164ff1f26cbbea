//go:build !race

package train

// raceEnabled says the race detector is on.
const raceEnabled = false
