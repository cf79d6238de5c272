#!/usr/bin/env python3
"""Instructions per turn of `intake serve`, by part, counted by callgrind while bench_load drives it.

Turns per second on the development VM move by +-20 % between identical runs, so a change of a few
per cent cannot be seen in them; instruction counts do not depend on the machine's load. Usage
(after `./dev bench` or a Release build in build-release/; needs valgrind):

    bench/instructions_per_turn.py [--seconds 10] [--build build-release] [--keep FILE]

Prints the instructions per turn of the whole server (without loading the definition at start-up)
and of its parts. Under valgrind the server is ~50x slower, so commit groups are larger than in a
real run: the commit figure is a lower bound.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PARTS = [  # (label, function whose inclusive cost is shown)
    ("prepare (on the connection's strand)", "intake::runtime::turn_runner::prepare("),
    ("  engine step", "intake::engine::dialogue_engine::step("),
    ("  rendering the reply", "intake::engine::catalog::render(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&, std::vector<"),
    ("  state as JSON text", "intake::engine::to_json_text["),
    ("commit thread", "intake::runtime::group_committer::run()"),
    ("  transcript lines", "intake::storage::sqlite_store::insert_line("),
    ("WebSocket read loop (without prepare)", "intake::server::websocket_session::read_loop("),
    ("  reply frame", "intake::server::websocket_session::send_reply("),
    ("  parsing the client frame", "intake::server::parse_client_frame("),
    ("WAL checkpointer", "intake::storage::wal_checkpointer::run()"),
]


def blocks(text):
    block = []
    for line in text.splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def calls_of(caller_tree, name):
    """How often `name` was called: the sum of its callers' call counts."""
    for block in blocks(caller_tree):
        star = [line for line in block if re.match(r"\s*[\d,]+ \([ \d.]+%\)\s+\*\s", line)]
        if star and name in star[0]:
            return sum(int(m.group(1).replace(",", "")) for line in block if "<" in line
                       for m in [re.search(r"\(([\d,]+)x\)", line)] if m)
    return 0


def inclusive(listing, name):
    match = re.search(r"^\s*([\d,]+) \([ \d.]+%\)\s+\S*" + re.escape(name), listing, re.M)
    return int(match.group(1).replace(",", "")) if match else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--build", default=os.path.join(REPOSITORY, "build-release"))
    parser.add_argument("--keep", help="keep the callgrind output in this file")
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_annotate"):
        if not shutil.which(tool):
            sys.exit(f"instructions_per_turn: {tool} not found (apt-get install valgrind)")
    build = os.path.abspath(args.build)
    for binary in ("intake", "bench_load", "bench_ws_echo"):
        if not os.path.exists(os.path.join(build, binary)):
            sys.exit(f"instructions_per_turn: {build}/{binary} missing: run ./dev bench --scenario idle first, or build it")
    with tempfile.TemporaryDirectory(prefix="intake-callgrind-") as scratch:
        output = os.path.join(scratch, "callgrind.out")
        wrapper = os.path.join(scratch, "intake")
        with open(wrapper, "w") as script:
            script.write("#!/bin/sh\n"
                         f'if [ "$1" = serve ]; then exec valgrind --tool=callgrind --callgrind-out-file={output} '
                         f'{build}/intake "$@" 2>{scratch}/valgrind.log; fi\n'
                         f'exec {build}/intake "$@"\n')
        os.chmod(wrapper, 0o755)
        os.symlink(os.path.join(build, "bench_ws_echo"), os.path.join(scratch, "bench_ws_echo"))
        run = subprocess.run([os.path.join(build, "bench_load"), "--scenario", "100", "--seconds", str(args.seconds),
                              "--pairs", "1", "--bin-dir", scratch, "--data-dir", REPOSITORY],
                             capture_output=True, text=True)
        if not os.path.exists(output):
            sys.exit("instructions_per_turn: no callgrind output; bench_load said:\n" + run.stdout + run.stderr)
        if run.returncode != 0:
            print(run.stdout + run.stderr, file=sys.stderr)
            sys.exit("instructions_per_turn: bench_load reported errors (see above)")
        listing = subprocess.run(["callgrind_annotate", "--inclusive=yes", output], capture_output=True, text=True).stdout
        callers = subprocess.run(["callgrind_annotate", "--tree=caller", "--inclusive=yes", output],
                                 capture_output=True, text=True).stdout
        if args.keep:
            shutil.copy(output, args.keep)
    turns = calls_of(callers, "intake::engine::dialogue_engine::step(")
    if turns == 0:
        sys.exit("instructions_per_turn: no turns counted (is the binary built with symbols?)")
    total = int(re.search(r"([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", listing).group(1).replace(",", ""))
    startup = inclusive(listing, "intake::engine::definition_loader::load(")
    print(f"{turns} turns under callgrind; instructions per turn:")
    print(f"  {'whole server (without loading the definition)':45} {(total - startup) // turns:>9,}")
    for label, name in PARTS:
        print(f"  {label:45} {inclusive(listing, name) // turns:>9,}")


if __name__ == "__main__":
    main()
