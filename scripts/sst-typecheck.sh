#!/usr/bin/env bash
# Type-checks sst.config.ts and stacks/ against SST's real component types, offline except for
# the npm registry.
#
# Why `sst install` needs help: before anything else the sst binary downloads Pulumi and Bun
# from GitHub, which this network cannot reach. SST_SKIP_DEPENDENCY_CHECK=1 skips that check and
# SST_NO_BUN=1 makes it install the platform's packages (@pulumi/pulumi, @pulumi/aws, …) with npm
# from the registry into .sst/platform/ (its own node_modules, never the project's). The platform
# sources themselves are embedded in the sst binary and copied out by the same command.
#
# Then .sst/typecheck/ gets sst.config.ts and a copy of stacks/ whose platform.ts aliases the
# real globals (scripts/sst-typecheck/platform.ts), and tsc checks the lot.
set -euo pipefail
cd "$(dirname "$0")/.."

export SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
if [ ! -f .sst/platform/node_modules/@pulumi/aws/package.json ] || [ ! -f .sst/platform/config.d.ts ]; then
  # Needs a config file to evaluate app(); the example is enough for types.
  if ! npx --no-install sst install --stage typecheck; then
    # CI passes --if-installable: a registry outage must not read as a type error, but it is said.
    if [ "${1:-}" = "--if-installable" ]; then
      echo "sst type-check NOT RUN: SST's platform packages could not be installed (see above)" >&2
      exit 0
    fi
    exit 1
  fi
fi

out=.sst/typecheck
rm -rf "$out"
mkdir -p "$out"
cp -r stacks "$out/stacks"
cp scripts/sst-typecheck/platform.ts "$out/stacks/platform.ts"
cp scripts/sst-typecheck/tsconfig.json "$out/tsconfig.json"
sed 's#path="./.sst/platform/config.d.ts"#path="../platform/config.d.ts"#' sst.config.ts > "$out/sst.config.ts"
for dir in core scanners functions policies; do
  [ -e "$dir" ] && ln -s "../../$dir" "$out/$dir"
done
# Only our two entry points are judged: the rest of the project is checked by the main tsconfig,
# and SST's own sources do not pass every strict option.
errors=$(npx --no-install tsc -p "$out/tsconfig.json" | grep -E "^$out/(sst\.config\.ts|stacks/)" || true)
if [ -n "$errors" ]; then
  echo "$errors"
  exit 1
fi
echo "sst.config.ts and stacks/ type-check against SST $(cat .sst/platform/version)"
