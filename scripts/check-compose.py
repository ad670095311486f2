#!/usr/bin/env python3
"""Checks docker-compose.yml for one profile where no `docker compose` is installed.

Usage: check-compose.py <compose file> <env file> [profile]

What `docker compose config` would catch that matters here: YAML and merge keys, ${VAR}
substitution from the env file (including required ${VAR:?...}), every active service has an
image or a build context with a Dockerfile, depends_on targets are active in the profile and
have a health check when waited for with service_healthy, named volumes are declared, bind
mounts exist, host ports are unique. Exits 0 when the file is sound, 1 with a message otherwise.
"""
import os
import re
import sys

import yaml

ALLOWED_TOP = {"name", "services", "volumes", "networks", "configs", "secrets"}


def read_env(path):
    env = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip().strip('"').strip("'")
    return env


def substitute(text, env, errors):
    pattern = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")

    def replace(m):
        if m.group(0) == "$$":
            return "$"
        name, op, arg = m.group(1), m.group(2), m.group(3)
        value = env.get(name)
        unset_or_empty = value is None or (op and op.startswith(":") and value == "")
        if op in (":-", "-") and unset_or_empty:
            return arg
        if op in (":?", "?") and unset_or_empty:
            errors.append(f"required variable {name} is not set: {arg}")
            return ""
        return value if value is not None else ""

    return pattern.sub(replace, text)


def main():
    compose_path, env_path = sys.argv[1], sys.argv[2]
    profile = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    base = os.path.dirname(os.path.abspath(compose_path))
    errors = []
    with open(compose_path, encoding="utf-8") as f:
        text = substitute(f.read(), read_env(env_path), errors)
    doc = yaml.safe_load(text)

    for key in doc:
        if key not in ALLOWED_TOP and not key.startswith("x-"):
            errors.append(f"unknown top-level key {key}")
    services = doc.get("services") or {}
    volumes = doc.get("volumes") or {}
    active = {n: s for n, s in services.items() if not s.get("profiles") or profile in s["profiles"]}
    if not active:
        errors.append("no service is active")

    def has_healthcheck(service):
        if "healthcheck" in service:
            return service["healthcheck"].get("disable") is not True
        build = service.get("build")
        if build:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            path = os.path.join(base, context, dockerfile)
            return os.path.exists(path) and "HEALTHCHECK" in open(path, encoding="utf-8").read()
        return False

    host_ports = {}
    for name, service in active.items():
        where = f"service {name}"
        if "image" not in service and "build" not in service:
            errors.append(f"{where} has neither image nor build")
        build = service.get("build")
        if build:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            if not os.path.exists(os.path.join(base, context, dockerfile)):
                errors.append(f"{where}: no {dockerfile} in build context {context}")
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            depends = {d: {"condition": "service_started"} for d in depends}
        for target, spec in depends.items():
            if target not in active:
                errors.append(f"{where} depends on {target}, which is not active in this profile")
            elif (spec or {}).get("condition") == "service_healthy" and not has_healthcheck(active[target]):
                errors.append(f"{where} waits for {target} to be healthy, but {target} has no health check")
        for volume in service.get("volumes") or []:
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
            if source.startswith((".", "/")):
                if not os.path.exists(os.path.join(base, source)):
                    errors.append(f"{where}: bind mount {source} does not exist")
            elif source and source not in volumes:
                errors.append(f"{where}: volume {source} is not declared under volumes")
        for port in service.get("ports") or []:
            host = str(port).rsplit(":", 1)[0] if ":" in str(port) else None
            if host:
                if host in host_ports:
                    errors.append(f"{where} and {host_ports[host]} both publish host port {host}")
                host_ports[host] = name
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict((entry.split("=", 1) + [""])[:2] for entry in environment)
        items = environment.items()
        for key, value in items:
            if value is None or value == "":
                errors.append(f"{where}: environment {key} is empty")
        check = service.get("healthcheck")
        if check and check.get("test") and isinstance(check["test"], list) and check["test"][0] not in ("CMD", "CMD-SHELL", "NONE"):
            errors.append(f"{where}: healthcheck test must start with CMD, CMD-SHELL or NONE")

    label = profile or "default"
    if errors:
        for e in errors:
            print(f"compose profile {label}: {e}")
        return 1
    print(f"compose profile {label}: OK ({', '.join(sorted(active))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
