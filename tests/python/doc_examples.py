#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The API documents' own Python request examples, run against a live service (the emulator).

Each example_* function is one example of the workflow API document (W1-W7, B1-B5, J1-J5) or
the export API document (E1 three times, E2-E6), transcribed as the document shows it. The
only changes are:

- the service root comes from MOI_BASE_URL and the key from MOI_API_KEY (the documents have
  "https://freetier-01.cn-hangzhou.cluster.matrixonecloud.cn" and "xxxxx");
- placeholder ids ("YOUR_WORKFLOW_ID", "your_job_id", "task_123", ...) are replaced by the ids
  of objects created beforehand, by the examples themselves or through the same HTTP API;
- what is not valid Python is corrected: the indentation lost in the documents is restored,
  `//` and `/* */` comments inside dicts became `#` comments, and the JSON literals
  `true`/`false` of the export examples became `True`/`False`.

Each example must succeed: HTTP 200 (or 204 for a delete) and, with a body, `"code": "ok"`.
Run: MOI_BASE_URL=http://127.0.0.1:PORT MOI_API_KEY=KEY python3 doc_examples.py
"""

import json
import os
import sys
import time

import requests

BASE_URL = os.environ["MOI_BASE_URL"].rstrip("/")
API_KEY = os.environ["MOI_API_KEY"]
API = BASE_URL + "/byoa/api/v1"

# Ids of objects the examples work on, filled in as they are created.
ids = {}


# --- helpers: the same HTTP API, used to look up real ids --------------------------------------

def _call(method, path, **kwargs):
    response = requests.request(method, API + path, headers={"moi-key": API_KEY}, timeout=30,
                                **kwargs)
    response.raise_for_status()
    body = response.json()
    assert body.get("code") == "ok", body
    return body["data"]


def _wait_for_job(job_id, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _call("GET", f"/workflow_job/{job_id}/status")["status"] in (2, 3):
            return
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish within {seconds} s")


def _find_task(name):
    tasks = _call("POST", "/export/task/list", json={"limit": 1000})["tasks"]
    matches = [t["id"] for t in tasks if t["name"] == name]
    assert len(matches) == 1, f"expected one export task named {name!r}, found {len(matches)}"
    return matches[0]


# --- workflows (the workflow API document, in its order) ---------------------------------------

def example_w1_create_workflow():
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "name": "wf-from-meta-api",
        "source_volume_names": ["b-vol1"],
        "source_volume_ids": [1889223879880048640],
        "target_volume_id": "eb42f0a1-ab18-4010-b95c-cd1716dd5e95",
        "create_target_volume_name": "new-target-for-wf-from-meta",
        "process_mode": {
            "interval": 0,
            "offset": 0
        },
        "file_types": [2],
        "priority": 300,
        "workflow": {
            "components": [
                {
                    "name": "DocumentCleaner",
                    "type": "haystack.components.preprocessors.document_cleaner.DocumentCleaner",
                    "component_id": "DocumentCleaner_1739377283742",
                    "intro": "DocumentCleaner",
                    "position": {"x": 0, "y": 0},
                    "input_keys": {},
                    "output_keys": {},
                    "init_parameters": {
                        "ascii_only": False,
                        "keep_id": False,
                        "remove_empty_lines": True,
                        "remove_extra_whitespaces": True,
                        "remove_regex": "([a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+)|https?://[^\\s]+",
                        "remove_repeated_substrings": False
                    }
                }
                , {
                    "name": "DocumentWriter",
                    "type": "haystack.components.writers.document_writer.DocumentWriter",
                    "component_id": "DocumentWriter_1739377283742",
                    "intro": "DocumentWriter",
                    "position": {"x": 0, "y": 0},
                    "input_keys": {},
                    "output_keys": {},
                    "init_parameters": {
                        "document_store": {
                            "init_parameters": {
                                "connection_string": {
                                    "env_vars": ["DATABASE_SYNC_URI"],
                                    "strict": True,
                                    "type": "env_var"
                                },
                                "embedding_dimension": 1024,
                                "keyword_index_name": "haystack_keyword_index",
                                "recreate_table": True,
                                "table_name": "embedding_results",
                                "vector_function": "cosine_similarity"
                            },
                            "type": "byoa.integrations.document_stores.mo_document_store.MOIDocumentStore"
                        },
                        "policy": "NONE"
                    }
                }
            ],
            "connections": [],
            "edges": [],
            "extra_components": []
        }
    }
    response = requests.post(url, json=body, headers=headers)
    print(response.status_code)
    print(json.dumps(response.json(), indent=4, ensure_ascii=False))
    ids["workflow"] = response.json()["data"]["id"]
    return response


def example_w2_list_workflows():
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta"
    headers = {
        "moi-key": API_KEY
    }
    params = {
        "limit": 5,
        "sort_field": "name",
        "sort_order": "ascend"
    }
    response = requests.get(url, headers=headers, params=params)
    print(response.status_code)
    print(json.dumps(response.json(), indent=4, ensure_ascii=False))
    workflows = response.json()["data"]["workflows"]
    assert any(w["id"] == ids["workflow"] for w in workflows), "W2 does not list the workflow"
    return response


def example_w3_get_workflow():
    workflow_to_get = ids["workflow"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/{workflow_to_get}"
    headers = {
        "moi-key": API_KEY
    }
    response = requests.get(url, headers=headers)
    print(response.status_code)
    print(json.dumps(response.json(), indent=4, ensure_ascii=False))
    assert response.json()["data"]["id"] == workflow_to_get
    return response


def example_w4_update_workflow():
    workflow_to_update = ids["workflow"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/{workflow_to_update}/base_info"
    headers = {
        "moi-key": API_KEY
    }
    body = {  # WorkflowRequest 结构
        "name": "wf-3-updated-name",
        "source_volume_names": ["b-vol1-updated"],
        "source_volume_ids": ["1889223879880048640"],  # the document: "YOUR_SOURCE_VOLUME_ID_1"
        "target_volume_id": "eb42f0a1-ab18-4010-b95c-cd1716dd5e95",  # "YOUR_TARGET_VOLUME_ID_W"
        "create_target_volume_name": "",
        "process_mode": {
            "interval": 10,  # 更新处理间隔为10分钟
            "offset": 0
        },
        "file_types": [2, 6],
        "priority": 350,  # 更新优先级
        "workflow": {
            # 更新后的 Haystack 配置
            "components": [
                {
                    "name": "DocumentCleaner",
                    "type": "haystack.components.preprocessors.document_cleaner.DocumentCleaner",
                    "component_id": "YOUR_COMPONENT_ID_UPDATED",
                    "intro": "Updated DocumentCleaner",
                    "position": {"x": 0, "y": 0},
                    "input_keys": {}, "output_keys": {},
                    "init_parameters": {
                        "remove_empty_lines": False,
                        "remove_extra_whitespaces": True
                    }
                }
                # ... 其他组件和连接
            ],
            "connections": [],  # /* ... */
            "edges": [],
            "extra_components": []
        }
    }
    response = requests.put(url, json=body, headers=headers)
    print(response.status_code)
    print(response.json())
    return response


def example_b1_create_branch():
    workflow_id_for_branch = ids["workflow"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/{workflow_id_for_branch}/branch"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "branch_name": "feature-branch-alpha",
        "workflow": {
            # ... (与主工作流类似的 Haystack Pipeline 配置, 但可能针对分支有所调整)
            "components": [],
            "connections": [],
            "edges": [],
            "extra_components": []
        }
    }
    response = requests.post(url, json=body, headers=headers)
    print(response.status_code)
    if response.content:
        try:
            print(json.dumps(response.json(), indent=4, ensure_ascii=False))
        except json.JSONDecodeError:
            print(response.text)
    return response


def example_b2_list_branches():
    workflow_id_for_branches = ids["workflow"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/{workflow_id_for_branches}/branch"
    headers = {
        "moi-key": API_KEY
    }
    params = {}
    response = requests.get(url, headers=headers, params=params)
    print(response.status_code)
    if response.content:
        try:
            print(json.dumps(response.json(), indent=4, ensure_ascii=False))
        except json.JSONDecodeError:
            print(response.text)
    branches = response.json()["data"]["workflows"]
    alpha = [b["branch_id"] for b in branches if b["branch_name"] == "feature-branch-alpha"]
    assert len(alpha) == 1, "B2 does not list the branch B1 created"
    ids["branch"] = alpha[0]
    return response


def example_b3_get_branch():
    branch_to_get = ids["branch"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/branch/{branch_to_get}"
    headers = {
        "moi-key": API_KEY
    }
    response = requests.get(url, headers=headers)
    print(response.status_code)
    if response.content:
        try:
            print(json.dumps(response.json(), indent=4, ensure_ascii=False))
        except json.JSONDecodeError:
            print(response.text)
    assert response.json()["data"]["branch_id"] == branch_to_get
    return response


def example_b4_update_branch():
    branch_to_update = ids["branch"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/branch/{branch_to_update}"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "branch_name": "feature-branch-alpha-v2",
        "workflow": {
            # ... (更新后的 Haystack Pipeline 配置)
            "components": [],
            "connections": []
        }
    }
    response = requests.put(url, json=body, headers=headers)
    print(response.status_code)
    if response.content:
        try:
            print(json.dumps(response.json(), indent=4, ensure_ascii=False))
        except json.JSONDecodeError:
            print(response.text)
    return response


def example_j1_list_jobs():
    url = f"{BASE_URL}/byoa/api/v1/workflow_job"
    headers = {"moi-key": API_KEY}
    params = {"page_num": 1, "page_size": 10, "sort_order": "asc"}
    resp = requests.get(url, headers=headers, params=params)
    print(json.dumps(resp.json(), indent=4, ensure_ascii=False))
    jobs = [j["id"] for j in resp.json()["data"]["jobs"] if j["workflow_meta_id"] == ids["workflow"]]
    assert jobs, "J1 does not list the job W1 started"
    ids["job"] = jobs[0]
    return resp


def example_j2_get_job():
    job_to_get = ids["job"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_job/{job_to_get}"
    headers = {
        "moi-key": API_KEY
    }
    response = requests.get(url, headers=headers)
    print(response.status_code)
    print(json.dumps(response.json(), indent=4, ensure_ascii=False))
    assert response.json()["data"]["id"] == job_to_get
    return response


def example_j3_list_job_files():
    job_id_for_files = ids["job"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_job/{job_id_for_files}/files"
    headers = {"moi-key": API_KEY}
    params = {"page_num": 1, "page_size": 10, "statuses": [2, 3]}
    resp = requests.get(url, headers=headers, params=params)
    print(json.dumps(resp.json(), indent=4, ensure_ascii=False))
    return resp


def example_j4_retry_job_files():
    # Let the job finish first, so that the files retried have something to do again.
    _wait_for_job(ids["job"])
    files = _call("GET", f"/workflow_job/{ids['job']}/files")["files"]
    assert len(files) >= 2, "the job has fewer than two files"
    job_id_for_retry = ids["job"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_job/{job_id_for_retry}/files"
    headers = {"moi-key": API_KEY}
    body = {"files": [files[0]["id"], files[1]["id"]]}  # "file_item_uuid_1", "file_item_uuid_2"
    resp = requests.post(url, headers=headers, json=body)
    print(resp.status_code)
    if resp.content and resp.text.strip():
        print(json.dumps(resp.json(), indent=4, ensure_ascii=False))
    return resp


def example_j5_get_job_status():
    job_id_for_status = ids["job"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_job/{job_id_for_status}/status"
    headers = {
        "moi-key": API_KEY
    }
    response = requests.get(url, headers=headers)
    print(response.status_code)
    if response.content:
        try:
            print(json.dumps(response.json(), indent=4, ensure_ascii=False))
        except json.JSONDecodeError:
            print(response.text)
    assert response.json()["data"]["job_id"] == job_id_for_status
    return response


def example_w6_stop_workflow():
    workflow_to_stop = ids["workflow"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/{workflow_to_stop}/stop"
    headers = {
        "moi-key": API_KEY
    }
    response = requests.put(url, headers=headers)
    print(response.status_code)
    if response.content:
        try:
            print(json.dumps(response.json(), indent=4, ensure_ascii=False))
        except json.JSONDecodeError:
            print("Response text:", response.text)
    return response


def example_w7_rerun_workflow():
    workflow_to_rerun = ids["workflow"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/{workflow_to_rerun}/rerun"
    headers = {"moi-key": API_KEY}
    resp = requests.put(url, headers=headers)
    print(resp.status_code)
    print(resp.json() if resp.content else "OK")
    return resp


def example_b5_delete_branch():
    branch_to_delete = ids["branch"]
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/branch/{branch_to_delete}"
    headers = {
        "moi-key": API_KEY
    }
    params = {
        "delete_data": False  # 或 True
    }
    response = requests.delete(url, headers=headers, params=params)
    print(response.status_code)
    if response.content and response.text.strip():
        try:
            print(json.dumps(response.json(), indent=4, ensure_ascii=False))
        except json.JSONDecodeError:
            print(f"Response Text: {response.text}")
    else:
        print("Request successful, no content returned or empty response.")
    return response


def example_w5_delete_workflow():
    workflow_to_delete = ids["workflow"]  # 替换为实际的 workflow_id
    url = f"{BASE_URL}/byoa/api/v1/workflow_meta/{workflow_to_delete}"
    headers = {
        "moi-key": API_KEY
    }
    params = {
        "delete_data": True
    }
    response = requests.delete(url, headers=headers, params=params)
    print(response.status_code)
    if response.content:
        try:
            print(json.dumps(response.json(), indent=4, ensure_ascii=False))
        except json.JSONDecodeError:
            print("Response text:", response.text)
    else:
        print("Request successful, no content returned.")
    return response


# --- export tasks (the export API document, in its order) --------------------------------------

def example_e1_create_dify():
    url = f"{BASE_URL}/byoa/api/v1/export/task/create"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "task_name": "导出到 Dify 任务",
        "creator": "admin",
        "connector_id": 1,
        "connector_name": "Dify 连接器",
        "type": 1,
        "config": {
            "dify_config": {
                "dataset_id": "dataset_123",
                "dataset_name": "测试数据集",
                "embedding_model": "text-embedding-ada-002"
            },
            "merge_title_to_text": False
        },
        "files": [
            {
                "file_id": "file_456",
                "full_path": ["data", "documents", "test.pdf"],
                "is_raw": False
            }
        ]
    }
    response = requests.post(url, json=body, headers=headers)
    print(response.json())
    ids["task"] = _find_task("导出到 Dify 任务")
    return response


def example_e1_create_s3():
    url = f"{BASE_URL}/byoa/api/v1/export/task/create"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "task_name": "导出到 S3 任务",
        "creator": "admin",
        "connector_id": 2,
        "connector_name": "S3 连接器",
        "type": 2,
        "config": {
            "s3_config": {
                "path": "/export/data/",
                "need_compress": True,
                "compress_method": "zip"
            }
        },
        "files": [
            {
                "file_id": "file_789",
                "full_path": ["data", "processed", "result.json"],
                "is_raw": False
            }
        ]
    }
    response = requests.post(url, json=body, headers=headers)
    print(response.json())
    _find_task("导出到 S3 任务")
    return response


def example_e1_create_matrixone():
    url = f"{BASE_URL}/byoa/api/v1/export/task/create"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "task_name": "导出到 MatrixOne 任务",
        "creator": "admin",
        "connector_id": 3,
        "connector_name": "MatrixOne 连接器",
        "type": 3,
        "config": {
            "mo_config": {
                "database_name": "test_db",
                "table_name": "documents",
                "new_table": True,
                "column": {
                    "export_column": [
                        {
                            "source_column": "content",
                            "mapping_column": "doc_content"
                        },
                        {
                            "source_column": "title",
                            "mapping_column": "doc_title"
                        }
                    ],
                    "combine_column": ["content", "title"]
                },
                "duplicated_strategy": 1
            },
            "merge_title_to_text": False
        },
        "files": [
            {
                "file_id": "file_101",
                "full_path": ["data", "documents", "report.pdf"],
                "is_raw": False
            }
        ]
    }
    response = requests.post(url, json=body, headers=headers)
    print(response.json())
    _find_task("导出到 MatrixOne 任务")
    return response


def example_e2_list_tasks():
    url = f"{BASE_URL}/byoa/api/v1/export/task/list"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "offset": 0,
        "limit": 10,
        "statuses": [1, 2],
        "creator": "admin",
        "order_by": "created_at",
        "order_direction": "desc"
    }
    response = requests.post(url, json=body, headers=headers)
    print("Response Body:", json.dumps(response.json(), indent=4, ensure_ascii=False))
    assert response.json()["data"]["total"] == 3, "E2 does not list the three tasks E1 created"
    return response


def example_e3_task_info():
    url = f"{BASE_URL}/byoa/api/v1/export/task/info"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "id": ids["task"]  # "task_123"
    }
    response = requests.post(url, json=body, headers=headers)
    print("Response Body:", json.dumps(response.json(), indent=4, ensure_ascii=False))
    assert response.json()["data"]["name"] == "导出到 Dify 任务"
    return response


def example_e4_task_files():
    url = f"{BASE_URL}/byoa/api/v1/export/task/files"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "offset": 0,
        "limit": 10,
        "task_id": ids["task"],  # "task_123"
        "statuses": [1, 2],
        "order_by": "created_at",
        "order_direction": "desc"
    }
    response = requests.post(url, json=body, headers=headers)
    print("Response Body:", json.dumps(response.json(), indent=4, ensure_ascii=False))
    assert response.json()["data"]["total_files"] == 1
    return response


def example_e5_rerun_task():
    url = f"{BASE_URL}/byoa/api/v1/export/task/{ids['task']}/rerun"  # .../task/task_123/rerun
    headers = {
        "moi-key": API_KEY
    }
    response = requests.post(url, headers=headers)
    if response.status_code == 200:
        print(response.json())
    else:
        print(f"请求失败,状态码:{response.status_code}, 错误信息:{response.text}")
    return response


def example_e6_delete_task():
    url = f"{BASE_URL}/byoa/api/v1/export/task/delete"
    headers = {
        "moi-key": API_KEY
    }
    body = {
        "id": ids["task"]  # "task_123"
    }
    response = requests.post(url, json=body, headers=headers)
    if response.status_code == 200:
        print(response.json())
    else:
        print(f"请求失败,状态码:{response.status_code}, 错误信息:{response.text}")
    return response


EXAMPLES = [
    example_w1_create_workflow,
    example_w2_list_workflows,
    example_w3_get_workflow,
    example_w4_update_workflow,
    example_b1_create_branch,
    example_b2_list_branches,
    example_b3_get_branch,
    example_b4_update_branch,
    example_j1_list_jobs,
    example_j2_get_job,
    example_j3_list_job_files,
    example_j4_retry_job_files,
    example_j5_get_job_status,
    example_w6_stop_workflow,
    example_w7_rerun_workflow,
    example_b5_delete_branch,
    example_w5_delete_workflow,
    example_e1_create_dify,
    example_e1_create_s3,
    example_e1_create_matrixone,
    example_e2_list_tasks,
    example_e3_task_info,
    example_e4_task_files,
    example_e5_rerun_task,
    example_e6_delete_task,
]


def succeeded(response):
    """HTTP 200 with `"code": "ok"`, or 204 without a body."""
    if response.status_code == 204:
        return True, "204 No Content"
    if response.status_code != 200:
        return False, f"HTTP {response.status_code}: {response.text[:300]}"
    try:
        body = response.json()
    except ValueError:
        return False, f"HTTP 200 with a body that is not JSON: {response.text[:300]}"
    if body.get("code") != "ok":
        return False, f"HTTP 200 with code {body.get('code')!r}: {body.get('msg')!r}"
    return True, "HTTP 200, code ok"


def main():
    failures = []
    for example in EXAMPLES:
        name = example.__name__[len("example_"):]
        print(f"=== {name}", flush=True)
        try:
            response = example()
            ok, why = succeeded(response)
        except Exception as error:  # an example's own assertion, or a connection error
            ok, why = False, f"{type(error).__name__}: {error}"
        print(f"--- {name}: {'PASS' if ok else 'FAIL'} ({why})\n", flush=True)
        if not ok:
            failures.append(f"{name}: {why}")
    print(f"{len(EXAMPLES) - len(failures)} of {len(EXAMPLES)} document examples succeeded")
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
