#!/usr/bin/env bash
# make demo: starts the local cluster, applies the CRD and the samples, and shows what kubectl sees.
# The cluster keeps running until Enter is pressed (or at once when stdin is not a terminal / DEMO_EXIT=1).
set -euo pipefail
cd "$(dirname "$0")/.."
config=${CONFIGURATION:-Release}
dir=artifacts/demo
mkdir -p "$dir"
kubeconfig="$PWD/$dir/kubeconfig"
log="$dir/local-cluster.log"
rm -f "$kubeconfig"

dotnet run --no-build -c "$config" --project test/KubeContainers.LocalCluster -- --port 0 --kubeconfig "$kubeconfig" >"$log" 2>&1 &
cluster=$!
trap 'kill $cluster 2>/dev/null; wait $cluster 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q "serving at" "$log" 2>/dev/null && break
  kill -0 $cluster 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
grep "serving at" "$log"
export KUBECONFIG="$kubeconfig"

echo; echo "\$ kubectl get nodes"; kubectl get nodes -o wide
if ls crds/*.yaml >/dev/null 2>&1; then
  echo; echo "\$ kubectl apply -f crds/"; kubectl apply -f crds/
  kubectl wait --for=condition=Established crd --all --timeout=30s >/dev/null
fi
if ls config/samples/*.yaml >/dev/null 2>&1; then
  echo; echo "\$ kubectl apply -f config/samples/"; kubectl apply -f config/samples/
fi

cat <<'YAML' | kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: {app: hello}
  template:
    metadata:
      labels: {app: hello}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
YAML
kubectl rollout status deployment/hello --timeout=60s
echo; echo "\$ kubectl get deployments,replicasets,pods"; kubectl get deployments,replicasets,pods
if kubectl api-resources --api-group=kubecontainers.io -o name 2>/dev/null | grep -q managedcontainers; then
  echo; echo "\$ kubectl get mc -A -o wide"; kubectl get mc -A -o wide
else
  echo; echo "(no ManagedContainer CRD yet: the operator and its CRD land with issue 4)"
fi

if [ -t 0 ] && [ "${DEMO_EXIT:-0}" != 1 ]; then
  echo; echo "KUBECONFIG=$kubeconfig  (press Enter to stop the cluster)"; read -r
fi
