#!/usr/bin/env bash
# make demo: starts the local cluster and the operator, applies the CRD and the samples, waits for them to be
# Ready, and shows what kubectl sees. Everything keeps running until Enter is pressed (or stops at once when stdin
# is not a terminal / DEMO_EXIT=1). Logs: artifacts/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${CONFIGURATION:-Release}
dir=artifacts/demo
mkdir -p "$dir"
kubeconfig="$PWD/$dir/kubeconfig"
cluster_log="$dir/local-cluster.log"
operator_log="$dir/operator.log"
rm -f "$kubeconfig"

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done' EXIT

# The gVisor pool: the samples run in the operator's default sandbox (gVisor), which no stock node runs.
dotnet run --no-build -c "$config" --project test/KubeContainers.LocalCluster -- --port 0 --kubeconfig "$kubeconfig" \
  --config "$PWD/test/KubeContainers.LocalCluster/configs/gvisor-pool.yaml" >"$cluster_log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  grep -q "serving at" "$cluster_log" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$cluster_log"; exit 1; }
  sleep 0.1
done
grep "serving at" "$cluster_log"
export KUBECONFIG="$kubeconfig"

echo; echo "\$ kubectl get nodes"; kubectl get nodes -o wide
echo; echo "\$ kubectl apply -f crds/"; kubectl apply -f crds/
kubectl wait --for=condition=Established crd --all --timeout=30s >/dev/null

# The operator runs as a real installation runs it: the chart's ServiceAccount and RBAC, through a token from the
# TokenRequest API. The cluster enforces RBAC, so it can do exactly what the chart grants and nothing more.
operator_kubeconfig="$PWD/$dir/operator.kubeconfig"
account=system:serviceaccount:kubecontainers-system:kc-kubecontainers
echo; echo "\$ helm template kc charts/kubecontainers -n kubecontainers-system --show-only templates/serviceaccount.yaml --show-only templates/rbac.yaml | kubectl apply -f -"
kubectl create namespace kubecontainers-system --dry-run=client -o yaml | kubectl apply -f - >/dev/null
.tools/helm template kc charts/kubecontainers -n kubecontainers-system \
  --show-only templates/serviceaccount.yaml --show-only templates/rbac.yaml | kubectl apply -f -
cp "$kubeconfig" "$operator_kubeconfig"
kubectl config set-credentials kubecontainers-local --kubeconfig "$operator_kubeconfig" \
  --token "$(kubectl create token kc-kubecontainers -n kubecontainers-system --duration 24h)" >/dev/null
echo; echo "\$ kubectl auth can-i patch managedcontainers.kubecontainers.io --subresource=status -A --as $account"
kubectl auth can-i patch managedcontainers.kubecontainers.io --subresource=status -A --as "$account"
echo "\$ kubectl auth can-i get secrets -A --as $account"
kubectl auth can-i get secrets -A --as "$account" || true

echo; echo "(operator: dotnet run --project operator/KubeContainers.Operator -- --kubeconfig $operator_kubeconfig, log in $operator_log)"
dotnet run --no-build -c "$config" --project operator/KubeContainers.Operator -- \
  --kubeconfig "$operator_kubeconfig" --base-domain apps.localtest.me --metrics-port 0 --health-port 0 >"$operator_log" 2>&1 &
pids+=($!)

echo; echo "\$ kubectl apply -k config/samples"; kubectl apply -k config/samples
echo; echo "\$ kubectl wait --for=condition=Ready mc --all --timeout=90s"
if ! kubectl wait --for=condition=Ready mc --all --timeout=90s; then
  echo "not all samples became Ready; operator log:"; tail -50 "$operator_log"; exit 1
fi
echo; echo "\$ kubectl get mc -o wide"; kubectl get mc -o wide
echo; echo "\$ kubectl get deployments,services,ingresses,networkpolicies,runtimeclasses"
kubectl get deployments,services,ingresses,networkpolicies,runtimeclasses
# A first rollout emits no Events (README, "Events"): the conditions tell it.
conditions='{range .status.conditions[*]}{.type}={.status} {.reason}{"\n"}{end}'
echo; echo "\$ kubectl get mc web -o jsonpath='$conditions'"
kubectl get mc web -o jsonpath="$conditions"

# Day two through the kubectl plugin, as `make install-plugin` would put it on PATH (here straight from the build).
plugin_bin="$PWD/$dir/bin"
mkdir -p "$plugin_bin"
printf '#!/bin/sh\nexec dotnet "%s" "$@"\n' "$PWD/cli/KubeContainers.Cli/bin/$config/net10.0/kubectl-mc.dll" >"$plugin_bin/kubectl-mc"
chmod +x "$plugin_bin/kubectl-mc"
export PATH="$plugin_bin:$PATH"
echo; echo "\$ kubectl mc list"; kubectl mc list
echo; echo "\$ kubectl mc history web"; kubectl mc history web
echo; echo "\$ kubectl mc logs web --tail 3"; kubectl mc logs web --tail 3
echo; echo "\$ kubectl mc exec web -- hostname"; kubectl mc exec web -- hostname

# Plans: a namespace on the free plan; admission refuses what the plan forbids, the operator holds the totals.
echo; echo "\$ kubectl apply -k config/plans && kubectl apply -f config/samples/plans/free.yaml"
kubectl apply -k config/plans && kubectl apply -f config/samples/plans/free.yaml
kubectl create namespace team-free --dry-run=client -o yaml | kubectl apply -f - >/dev/null
echo "\$ kubectl label namespace team-free kubecontainers.io/plan=free"; kubectl label namespace team-free kubecontainers.io/plan=free --overwrite
echo; echo "\$ kubectl mc create big -n team-free --image nginx --port 80 --replicas 5"
kubectl mc create big -n team-free --image nginx --port 80 --replicas 5 || true
echo; echo "\$ kubectl mc create one -n team-free --image nginx --port 80 && kubectl mc create two -n team-free --image nginx --port 80 --no-wait"
kubectl mc create one -n team-free --image nginx --port 80 && kubectl mc create two -n team-free --image nginx --port 80 --no-wait
kubectl wait --for=jsonpath='{.status.waiting}'=1 plan/free --timeout=60s >/dev/null || true
echo; echo "\$ kubectl get mc -n team-free"; kubectl get mc -n team-free
echo; echo "\$ kubectl get mc two -n team-free -o jsonpath='{.status.message}'"; kubectl get mc two -n team-free -o jsonpath='{.status.message}'; echo
echo; echo "\$ kubectl get plans"; kubectl get plans

if [ -t 0 ] && [ "${DEMO_EXIT:-0}" != 1 ]; then
  echo; echo "KUBECONFIG=$kubeconfig  (press Enter to stop the cluster and the operator)"; read -r
fi
