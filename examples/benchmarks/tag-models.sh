#!/usr/bin/env bash
# Tagging speed and peak RSS of several model folders (and runtimes) on one input, side by side in one run:
# each configuration runs ROUNDS times, interleaved, so a load change on a shared machine hits all of them.
# Speed is the tag command's own summary (tokens/s after model load); RSS is GNU time's maximum resident set.
#
#   examples/benchmarks/tag-models.sh OUT.md INPUT [ROUNDS] -- NAME=MODEL_DIR[:RUNTIME][,--tag-option=value...] ...
#
# FORMAT=<corpus format> sets the input format (default conll2003, e.g. FORMAT=wnut17); options after a comma
# go to that configuration's tag command (e.g. en-one-doc=models/en,--batch-documents=1).
#
# Needs target/bertner.jar (mvn -B -q package -DskipTests) and /usr/bin/time.
set -euo pipefail
out=$1; input=$2; shift 2
rounds=2
if [[ ${1:-} != "--" ]]; then rounds=$1; shift; fi
[[ ${1:-} == "--" ]] && shift
jar=target/bertner.jar
[[ -f $jar ]] || { echo "error: $jar not found; run mvn -B -q package -DskipTests first" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
declare -A speeds rss
for ((r = 1; r <= rounds; r++)); do
  for spec in "$@"; do
    name=${spec%%=*}; rest=${spec#*=}
    extra=()
    if [[ $rest == *,* ]]; then IFS=, read -r -a extra <<< "${rest#*,}"; rest=${rest%%,*}; fi
    model=${rest%%:*}; runtime=pytorch
    [[ $rest == *:* ]] && runtime=${rest##*:}
    /usr/bin/time -f '%M' -o "$tmp/rss" java -jar "$jar" tag --model "$model" --runtime "$runtime" \
        --input-format "${FORMAT:-conll2003}" ${extra[@]+"${extra[@]}"} --out "$tmp/$name.pred" "$input" \
        > "$tmp/log" 2>&1 \
        || { echo "error: $name failed:"; tail -5 "$tmp/log"; exit 1; } >&2
    line=$(grep -E '^tagged [0-9]+ documents' "$tmp/log" | tail -1)
    tps=$(sed -E 's/.*\(([0-9.]+) tokens\/s\).*/\1/' <<< "$line")
    speeds[$name]="${speeds[$name]:-} $tps"
    rss[$name]="${rss[$name]:-} $(( $(cat "$tmp/rss") / 1024 ))"
    echo "round $r $name ($runtime): $line; max RSS $(( $(cat "$tmp/rss") / 1024 )) MiB" >&2
    java -jar "$jar" evaluate "$tmp/$name.pred" > "$tmp/$name.eval" 2>/dev/null || true
  done
done
{
  echo "| configuration | tokens/s per round | max RSS MiB per round | strict F1 |"
  echo "|---|---|---|---|"
  for spec in "$@"; do
    name=${spec%%=*}
    f1=$(grep -m1 -E '^accuracy:' "$tmp/$name.eval" | sed -E 's/.*FB1: *([0-9.]+).*/\1/' || true)
    echo "| $name | ${speeds[$name]# } | ${rss[$name]# } | ${f1:-n/a} |"
  done
} > "$out"
cat "$out"
