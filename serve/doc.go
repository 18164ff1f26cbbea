// Package serve is relulab over SSH: every session gets a lab of its own
// (package tui), and every client is treated as hostile. What one client
// may cost is bounded: connections per address and without a session,
// one session per connection, the terminal's size, the command's length,
// the environment, key presses, the network and training set a session
// may ask for, and the training time of every frame, shared between the
// labs. What a client sends is quoted short and escaped in messages and
// logs, and the log says what the server turns away and why.
package serve
