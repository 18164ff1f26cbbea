// Package serve is relulab over SSH: every session gets a lab of its own
// (package tui), and every client is treated as hostile. The server limits
// sessions and new connections per address, shares the machine's training
// time between the labs, and logs what it turns away.
package serve
