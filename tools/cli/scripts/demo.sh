#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every `moi` action against a fresh local moi-emulator and prints each command with its
# output and exit code: the source of the examples in docs/cli.md.
#
#   tools/cli/scripts/demo.sh BUILD_DIR      (BUILD_DIR holds tools/cli/moi, tools/emulator/moi-emulator)
set -u
build=${1:?usage: demo.sh BUILD_DIR}
moi_bin="$build/tools/cli/moi"
emulator="$build/tools/emulator/moi-emulator"
work=$(mktemp -d)
trap 'kill "$emu_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$emulator" --port 0 --port-file "$work/port" --api-key demo-key --seed 7 \
  --file-duration-ms 300 >"$work/emulator.out" 2>&1 &
emu_pid=$!
until [ -s "$work/port" ]; do sleep 0.05; done
export MOI_BASE_URL="http://127.0.0.1:$(cat "$work/port")" MOI_API_KEY=demo-key

moi() { "$moi_bin" "$@"; }
# ARGS as a shell would need them typed: single quotes around words with special characters.
quoted() {
  local out="" arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_./@:=,-]+$ ]]; then out+=" $arg"; else out+=" '$arg'"; fi
  done
  printf '%s' "${out# }"
}
# Prints "$ moi ARGS", runs it, prints its output and a non-zero exit code.
show() {
  printf '$ moi %s\n' "$(quoted "$@")"
  "$moi_bin" "$@"
  local rc=$?
  [ "$rc" -ne 0 ] && printf '[exit %d]\n' "$rc"
  printf '\n'
}
first_id() { grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4; }

cd "$work"
cat >workflow.json <<'JSON'
{
  "name": "contracts",
  "source_volume_names": ["contracts-inbox"],
  "source_volume_ids": ["1889223879880048640"],
  "target_volume_id": "eb42f0a1-ab18-4010-b95c-cd1716dd5e95",
  "create_target_volume_name": "contracts-parsed",
  "process_mode": {"interval": 0, "offset": 0},
  "file_types": [2, 11],
  "workflow": {
    "components": [
      {"name": "DocumentCleaner", "component_id": "DocumentCleaner_1",
       "type": "haystack.components.preprocessors.document_cleaner.DocumentCleaner",
       "init_parameters": {"remove_empty_lines": true}}
    ],
    "connections": []
  },
  "files": [
    {"file_name": "supplier-contract.pdf", "file_id": "f-1"},
    {"file_name": "scanned-invoice-fail.pdf", "file_id": "f-2"},
    {"file_name": "board-minutes.docx", "file_id": "f-3"}
  ]
}
JSON

echo '## workflow'
show workflow create --json @workflow.json
WF=$(moi workflow list --compact | first_id)
show workflow list --output table
show workflow list --json '{"limit":1,"sort_field":"name","sort_order":"ascend"}'
show workflow get "$WF" --compact
printf '$ moi workflow get %s | moi workflow update %s --json -\n' "$WF" "$WF"
moi workflow get "$WF" | moi workflow update "$WF" --json -
rc=$?
[ "$rc" -ne 0 ] && printf '[exit %d]\n' "$rc"
echo

echo '## branch'
show branch create "$WF" --json '{"branch_name":"experiment","workflow":{"components":[],"connections":[]}}'
show branch list "$WF" --output table
BR=$(moi branch list "$WF" --output table | awk '$2 == "experiment" {print $1}')
show branch get "$BR"
show branch update "$BR" --json '{"branch_name":"experiment-2","workflow":{"components":[],"connections":[]}}'

echo '## job'
show job list --output table
JOB=$(moi job list --json "{\"workflow_id\":\"$WF\"}" --output table | awk 'NR == 2 {print $1}')
show job wait "$JOB"
show job files "$JOB" --output table
FAILED=$(moi job files "$JOB" --json '{"statuses":[3]}' --output table | awk 'NR == 2 {print $1}')
show job retry "$JOB" --json "{\"files\":[\"$FAILED\"]}"
show job wait "$JOB" --timeout 60
show job status "$JOB"
show job get "$JOB" --compact
show job files "$JOB" --all --json '{"page_size":2}' --compact

cat >export.json <<'JSON'
{
  "task_name": "contracts-to-matrixone",
  "creator": "admin",
  "connector_id": 3,
  "connector_name": "MatrixOne connector",
  "type": 3,
  "config": {
    "mo_config": {
      "database_name": "contracts",
      "table_name": "chunks",
      "new_table": true,
      "column": {"export_column": [{"source_column": "content", "mapping_column": "text"}],
                 "combine_column": ["content"]},
      "duplicated_strategy": 1
    }
  },
  "files": [
    {"file_id": "f-1", "full_path": ["contracts-parsed", "supplier-contract.pdf"], "is_raw": false},
    {"file_id": "f-2", "full_path": ["contracts-parsed", "scanned-invoice-fail.pdf"], "is_raw": false}
  ]
}
JSON

echo '## export'
show export create --json @export.json
show export list --output table
TASK=$(moi export list --compact | first_id)
show export wait "$TASK"
show export files "$TASK" --output table
show export rerun "$TASK"
show export wait "$TASK"
show export get "$TASK"
show export files "$TASK" --all --json '{"limit":1}' --compact

echo '## clean-up'
show branch delete "$BR"
show workflow stop "$WF"
show workflow rerun "$WF"
show export delete "$TASK"
show workflow delete "$WF" --json '{"delete_data":true}'

echo '## errors'
show workflow get "$WF"
show workflow list --json '{"limit":"5"}'
show job list --json '{"page":2}'
show --verbose workflow list --compact
show --base-url http://127.0.0.1:1 job list
