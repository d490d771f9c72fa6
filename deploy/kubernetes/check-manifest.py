#!/usr/bin/env python3
"""Checks pixelpool-job.yaml without a cluster and prints what its container runs, as JSON.

  check-manifest.py [MANIFEST]      (default: pixelpool-job.yaml beside this file)

Without a cluster, `kubectl create --dry-run=client` cannot check anything: it asks the API
server for the schema first. This does what can be done offline:
  - the YAML parses and is one batch/v1 Indexed Job whose completions equal its
    PIXELPOOL_SHARD_COUNT, with restartPolicy Never and exactly one container;
  - with Debian's python3-kubernetes, every field is one the Kubernetes API knows, at the place it
    is written (a misspelt or misplaced field fails), and required fields are there; that
    package's models are of Kubernetes 1.22, so fields newer than that would be refused too.
On success it prints {"command", "args", "env", "mounts", "user", "group", "read_only_root",
"completions", "schema_checked"} for scripts/container-test.sh, which runs that command with
Docker. Exit 1 with the reasons otherwise.
"""
import json
import os
import sys

import yaml


def fail(message):
    print(f"check-manifest: {message}", file=sys.stderr)
    sys.exit(1)


def unknown_fields(value, type_name, path, models):
    """The fields of value that the model type_name does not have, as paths."""
    if type_name.startswith("list[") and isinstance(value, list):
        inner = type_name[5:-1]
        return [p for i, v in enumerate(value) for p in unknown_fields(v, inner, f"{path}[{i}]", models)]
    if type_name.startswith("dict(") and isinstance(value, dict):
        inner = type_name[5:-1].split(", ", 1)[1]
        return [p for k, v in value.items() for p in unknown_fields(v, inner, f"{path}.{k}", models)]
    model = getattr(models, type_name, None)
    if model is None or not isinstance(value, dict):
        return []  # a scalar, or a free-form object
    by_json_name = {json_name: attr for attr, json_name in model.attribute_map.items()}
    found = []
    for key, v in value.items():
        attr = by_json_name.get(key)
        if attr is None:
            found.append(f"{path}.{key}")
        else:
            found += unknown_fields(v, model.openapi_types[attr], f"{path}.{key}", models)
    return found


def check_schema(job):
    try:
        import kubernetes.client as models
    except ImportError:
        return False
    unknown = unknown_fields(job, "V1Job", "", models)
    if unknown:
        fail("fields the Kubernetes API does not have there: " + ", ".join(u.lstrip(".") for u in unknown))
    try:  # the models' own checks: required fields, enum values they know
        models.ApiClient()._ApiClient__deserialize(job, "V1Job")
    except (ValueError, TypeError) as e:
        fail(f"not a valid Job: {e}")
    return True


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "pixelpool-job.yaml")
    with open(path, encoding="utf-8") as f:
        documents = [d for d in yaml.safe_load_all(f) if d is not None]
    if len(documents) != 1:
        fail(f"{path}: expected one document, found {len(documents)}")
    job = documents[0]
    if job.get("apiVersion") != "batch/v1" or job.get("kind") != "Job":
        fail("not a batch/v1 Job")
    schema_checked = check_schema(job)
    spec = job["spec"]
    pod = spec["template"]["spec"]
    if spec.get("completionMode") != "Indexed":
        fail("completionMode is not Indexed: the pods get no JOB_COMPLETION_INDEX")
    if pod.get("restartPolicy") != "Never":
        fail("restartPolicy is not Never: a failed shard would restart in place, not as a new pod")
    containers = pod.get("containers", [])
    if len(containers) != 1:
        fail(f"expected one container, found {len(containers)}")
    c = containers[0]
    env = {e["name"]: e.get("value") for e in c.get("env", [])}
    count = env.get("PIXELPOOL_SHARD_COUNT")
    if count is None or str(spec.get("completions")) != count:
        fail(f"PIXELPOOL_SHARD_COUNT ({count}) differs from completions ({spec.get('completions')})")
    # The container's settings override the pod's.
    security = dict(pod.get("securityContext", {}))
    security.update(c.get("securityContext", {}))
    if not security.get("runAsNonRoot") or not security.get("runAsUser"):
        fail("the pod does not run as a named non-root user (runAsNonRoot, runAsUser)")
    mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
    volumes = {v["name"] for v in pod.get("volumes", [])}
    for mount_path, name in mounts.items():
        if name not in volumes:
            fail(f"{mount_path} mounts a volume {name} that the pod does not define")
    if security.get("readOnlyRootFilesystem") and "/tmp" not in mounts:
        fail("the root is read-only but /tmp is not a volume: the workers' sockets have nowhere to go")
    print(json.dumps({
        "command": c.get("command", []), "args": c.get("args", []), "env": env,
        "mounts": sorted(mounts), "user": security["runAsUser"], "group": security.get("runAsGroup"),
        "read_only_root": bool(security.get("readOnlyRootFilesystem")),
        "completions": spec["completions"], "schema_checked": schema_checked}))


if __name__ == "__main__":
    main()
