#!/usr/bin/env bash
# The `standard` budget for several languages in ONE call on a lent GPU machine (the device tool),
# through scripts/gpu_build.py (parley.nlp.build's own code: same keys, cards and manifests).
# Prepare here (docs/models.md, "Building on a lent GPU machine"; keep .gpu/ out of git: .git/info/exclude):
#   .venv/bin/python -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
#     --implementation cp --platform manylinux2014_x86_64 -d .whl stanza==1.15.0 emoji==2.16.0 \
#     orjson==3.13.0 platformdirs==4.14.7 udtools==0.2.9 udapi==0.5.2 termcolor==3.3.0
#   .venv/bin/python scripts/gpu_build.py corpora --langs en de ru az --out /tmp/stage/corpora
#   mkdir -p /tmp/stage/seed/tr && cp ~/.cache/parley/models/tr/standard.json /tmp/stage/seed/tr/
#   mkdir -p .gpu && tar -C /tmp/stage -cf - corpora seed | xz -6 > .gpu/bundle.tar.xz
#   (seed/ holds store files to start from: az needs tr/standard.json as its syntax donor)
# Run there, carrying .whl and .gpu/bundle.tar.xz:  bash scripts/gpu_standard.sh
#   env: LANGS ("az en de ru"), ONLY (e.g. "lemma ner": train only those, no evaluation),
#   TRAIN_SECONDS (470) and EVAL_SECONDS (530): deadlines counted from the script's start.
# Every language trains in its own process, every processor of a language at once, weights are
# stored as float16, and languages are evaluated on the GPU when time is left. The store is then
# packed (xz) into 15.875 MiB parts: parts 00-02 and logs.tar.xz go to $OUT, the rest stay in
# /tmp/pw/pack for `bash scripts/gpu_fetch.sh FIRST` while the machine is warm. Unpack here with
#   cat part-* | xz -dc | tar -x -C ~/.cache/parley/models
set -u
START=$(date +%s)
LANGS=${LANGS:-"az en de ru"}
BUDGET=${BUDGET:-standard}
DEVICE=${DEVICE:-cuda}
PYTHON=${PYTHON:-python3}
TRAIN_UNTIL=$((START + ${TRAIN_SECONDS:-470}))
EVAL_UNTIL=$((START + ${EVAL_SECONDS:-530}))
REPO=$PWD
W=${W:-/tmp/pw}
OUT=${OUT:-$W/out}
mkdir -p $W/work $W/store $W/pack $OUT
elapsed() { echo $(( $(date +%s) - START )); }
nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv,noheader || echo "WARN: nvidia-smi failed"
nproc
[ -n "${SKIP_WHEELS:-}" ] || python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
  || { echo "FATAL: wheel install failed"; exit 2; }
export PYTHONPATH=/tmp/site:$REPO PYTHONUNBUFFERED=1
$PYTHON -c "import torch, stanza, psutil, udtools, parley.nlp.build, parley.nlp.stanza_backend; assert '$DEVICE' == 'cpu' or torch.cuda.is_available(), 'no CUDA'; print('imports ok: torch', torch.__version__, 'stanza', stanza.__version__, torch.cuda.is_available() and torch.cuda.get_device_name(0))" \
  || { echo "FATAL: imports"; exit 3; }
tar -xJf .gpu/bundle.tar.xz -C $W && cp -r $W/seed/. $W/store/ || { echo "FATAL: bundle"; exit 4; }
echo "setup done at $(elapsed) s"
pids=""
for lang in $LANGS; do
  $PYTHON scripts/gpu_build.py train --lang $lang --budget $BUDGET --device $DEVICE --corpora $W/corpora \
    --store $W/store --work $W/work --half ${ONLY:+--only $ONLY} --train-until $TRAIN_UNTIL --eval-until $EVAL_UNTIL \
    > $W/work/train-$lang.log 2>&1 &
  pids="$pids $!"
done
( while sleep 60; do echo "--- $(elapsed) s: $(nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader)";
  grep -h "done in\|FAILED\|time is up" $W/work/train-*.log | tail -n 30 | cut -c1-150; done ) &
monitor=$!
( sleep $((EVAL_UNTIL - $(date +%s) + 10)); echo "guard: killing$pids"; kill -9 $pids 2>/dev/null ) &
guard=$!
wait $pids
pkill -P $monitor; pkill -P $guard; kill $monitor $guard 2>/dev/null  # and their sleeps, which hold stdout
echo "training and evaluation ended at $(elapsed) s"
cd $W/store
$PYTHON $REPO/scripts/gpu_build.py pack-list --store . --langs $LANGS --budget $BUDGET > $W/work/list.txt
tar -cf - -T $W/work/list.txt | xz -T16 -3 | split -b 16646144 -d -a 2 - $W/pack/part-
(cd $W/pack && sha256sum part-* > $W/work/parts.sha256)
cd $W/work && tar -cJf $OUT/logs.tar.xz logs summary-*.json train-*.log list.txt parts.sha256
for i in 00 01 02; do [ -f $W/pack/part-$i ] && cp $W/pack/part-$i $OUT/; done
cd $REPO
echo "packed at $(elapsed) s:"; ls -l $W/pack; cat $W/work/parts.sha256
for f in $W/work/summary-*.json; do $PYTHON -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))" $f; done
