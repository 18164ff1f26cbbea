#!/usr/bin/env bash
# Remakes the README's pictures, docs/img/{lab,network,compare,trials,landscape,relu,spectrum,spectrum-bin,sweep}.png, and
# their text for screen readers, docs/img/*.txt: relulab runs in a tmux
# pane of its own (256 colours, as most users over SSH and tmux see it),
# keys typed with send-keys, the screen captured with its colours
# (capture-pane -e, each line's colours then stated in full by clean.go)
# and drawn by freeze (--language ansi) into an SVG that rsvg-convert turns
# into a PNG at 1×.
#
# Needs Go, tmux, rsvg-convert (Debian: librsvg2-bin) and a monospace font
# with box drawing (Debian: fonts-dejavu-core). freeze's own PNG writer
# crashes on some machines (charmbracelet/freeze#203); the SVG route does not.
#
#	docs/screenshots/make.sh           # every picture
#	docs/screenshots/make.sh trials    # only those named
set -euo pipefail
only=" $* "
cd "$(dirname "$0")/../.."
out=docs/img
mkdir -p "$out"
tmp=$(mktemp -d)
sock=relulab-shots-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/relulab" .
freeze() { go run github.com/charmbracelet/freeze@v0.2.2 "$@"; }

# shot NAME W H KEYS CMD...: runs CMD in a W×H pane and types KEYS (each
# character a key press), then waits until the screen has not changed for
# two seconds; with no KEYS it waits until CMD has finished. It writes
# NAME.png and NAME.txt.
shot() {
	local name=$1 w=$2 h=$3 keys=$4
	shift 4
	if [ "$only" != "  " ] && [[ "$only" != *" $name "* ]]; then
		return
	fi
	tmux -L "$sock" -f /dev/null new-session -d -s shot -x "$w" -y "$h" \
		"$*; tmux wait-for -S $sock-done; sleep 600"
	if [ -z "$keys" ]; then
		tmux -L "$sock" wait-for "$sock-done"
	else
		sleep 1
		tmux -L "$sock" send-keys -t shot -l "$keys"
		local last="" now same=0
		while [ "$same" -lt 4 ]; do
			sleep 0.5
			now=$(tmux -L "$sock" capture-pane -p -t shot)
			if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; fi
			last=$now
		done
	fi
	tmux -L "$sock" capture-pane -e -p -t shot | go run docs/screenshots/clean.go "$w" "$h" >"$tmp/$name.ansi"
	tmux -L "$sock" capture-pane -p -t shot | sed 's/ *$//' >"$out/$name.txt"
	tmux -L "$sock" kill-session -t shot
	freeze --language ansi --font.family "DejaVu Sans Mono" --font.size 14 --window=false \
		-o "$tmp/$name.svg" "$tmp/$name.ansi" >/dev/null
	# freeze v0.2.2 draws a run of n cells' background n + 1/2 cells wide
	# (4.167 px too wide at 14 px type), and as it puts each run under the
	# ones before, every colour's edge moved half a cell right and the
	# last cell of a heatmap row spilled over its border; and it places
	# cells 8.333 px apart while DejaVu Sans Mono advances 8.429 px. So:
	# each run as wide as its cells (and 0.067 px, against seams), and
	# letters drawn at freeze's pitch.
	perl -pi -e 's/(<rect fill="[^"]*" x="[\d.]+px" y="[\d.]+px" height="[\d.]+px" width=")([\d.]+)px/sprintf("%s%.5fpx", $1, $2 > 4.1 ? $2 - 4.1 : 0)/ge; s/<text /<text letter-spacing="-0.0961px" /g' "$tmp/$name.svg"
	rsvg-convert -z 1 -o "$out/$name.png" "$tmp/$name.svg"
	echo "$out/$name.png: $(wc -c <"$out/$name.png") bytes"
}

# Each n trains one epoch of a paused lab: the pictures are the same on
# every run of this script.
epochs() { printf 'n%.0s' $(seq "$1"); }

shot lab 120 40 "$(epochs 600)" "$tmp/relulab" --seed 4 --paused
shot network 120 40 "$(epochs 300)N2" "$tmp/relulab" --seed 4 --paused
shot compare 120 40 "$(epochs 400)" "$tmp/relulab" compare --act relu,elu,leaky_relu --seed 6 --paused
shot trials 120 40 "v$(epochs 300)" "$tmp/relulab" trials --paused
shot landscape 120 40 "$(epochs 40)mmmm" "$tmp/relulab" --seed 6 --paused
shot relu 120 40 "$(epochs 20)" "$tmp/relulab" compare --task relu --init-w -10,0.5 --paused
shot spectrum 120 40 "$(epochs 300)" "$tmp/relulab" --task spectrum:8 --seed 2 --paused
shot spectrum-bin 120 40 "$(epochs 300)m.." "$tmp/relulab" --task spectrum:8 --seed 2 --paused
shot sweep 186 12 "" "$tmp/relulab" sweep --seeds 20 --act relu,leaky_relu

# The README keeps each picture's text below it, for screen readers.
for name in lab network compare trials landscape relu sweep; do
	NAME=$name perl -0pi -e '
		my $n = $ENV{NAME};
		open(my $f, "<", "docs/img/$n.txt") or die; local $/; my $t = <$f>; $t =~ s/\n+\z//;
		s{(\(docs/img/\Q$n\E\.png\)\n\n<details><summary>[^\n]*</summary>\n\n```\n).*?(\n```\n</details>)}{$1$t$2}s
	' README.md
done
