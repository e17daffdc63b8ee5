{{/* The chart name, or nameOverride. */}}
{{- define "kubecontainers.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: names every object of the release (63 characters at most, a DNS label). */}}
{{- define "kubecontainers.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kubecontainers.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. Never app.kubernetes.io/managed-by=kubecontainers: that marks the operator's children. */}}
{{- define "kubecontainers.labels" -}}
helm.sh/chart: {{ include "kubecontainers.chart" . }}
{{ include "kubecontainers.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubecontainers
{{- end }}

{{/* Labels of the CRDs: cluster-wide, so no component; the release that installed them is in Helm's annotations. */}}
{{- define "kubecontainers.crdLabels" -}}
helm.sh/chart: {{ include "kubecontainers.chart" . }}
app.kubernetes.io/name: {{ include "kubecontainers.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubecontainers
{{- end }}

{{- define "kubecontainers.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubecontainers.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "kubecontainers.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kubecontainers.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "true" when leader election is on: asked for, or needed because more than one replica runs. */}}
{{- define "kubecontainers.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ end }}
{{- end }}

{{/* The Lease's name (--leader-election-id): the release's full name, so two releases in one namespace never share
a Lease (each would otherwise wait for the other's leader). */}}
{{- define "kubecontainers.leaseName" -}}
{{- include "kubecontainers.fullname" . }}
{{- end }}

{{/* "true" when the chart renders a PodDisruptionBudget: asked for, or "auto" with more than one replica. */}}
{{- define "kubecontainers.podDisruptionBudget" -}}
{{- $enabled := toString .Values.podDisruptionBudget.enabled }}
{{- if or (eq $enabled "true") (and (eq $enabled "auto") (gt (int .Values.replicaCount) 1)) }}true{{ end }}
{{- end }}

{{- define "kubecontainers.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace }}
{{- end }}

{{- define "kubecontainers.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* appsettings.json for what has no flag (sandbox profiles, DNS pod labels); empty when neither is set. */}}
{{- define "kubecontainers.appsettings" -}}
{{- $settings := dict }}
{{- with .Values.operator.sandboxes }}
{{- $profiles := dict }}
{{- range $name, $profile := . }}
{{- $p := dict "Handler" (default "" $profile.handler) }}
{{- with $profile.overhead }}{{ $_ := set $p "Overhead" . }}{{ end }}
{{- with $profile.nodeSelector }}{{ $_ := set $p "NodeSelector" . }}{{ end }}
{{- with $profile.tolerations }}{{ $_ := set $p "Tolerations" . }}{{ end }}
{{- if hasKey $profile "allowImageUser" }}{{ $_ := set $p "AllowImageUser" $profile.allowImageUser }}{{ end }}
{{- with $profile.podSecurity }}{{ $_ := set $p "PodSecurity" . }}{{ end }}
{{- $_ := set $profiles $name $p }}
{{- end }}
{{- $_ := set $settings "Sandboxes" $profiles }}
{{- end }}
{{- with .Values.operator.dnsPodLabels }}
{{- $_ := set $settings "DnsPodLabels" . }}
{{- end }}
{{- if $settings }}{{ toPrettyJson $settings }}{{ end }}
{{- end }}

{{/* The operator's flags: every setting, explicitly, so `kubectl describe` shows what the operator runs with. */}}
{{- define "kubecontainers.args" -}}
{{- $op := .Values.operator }}
{{- $l := $op.limits }}
{{- $args := list
  (printf "--base-domain=%s" $op.baseDomain)
  (printf "--allowed-domains=%s" (join "," $op.allowedDomains))
  (printf "--ingress-class=%s" $op.ingressClass)
  (printf "--ingress-ready-without-address=%t" $op.ingressReadyWithoutAddress)
  (printf "--allow-load-balancers=%t" $op.allowLoadBalancers)
  (printf "--tls-issuer=%s" $op.tlsIssuer)
  (printf "--tls-by-default=%t" $op.tlsByDefault)
  (printf "--default-sandbox=%s" $op.defaultSandbox)
  (printf "--ingress-namespace=%s" $op.ingressNamespace)
  (printf "--dns-namespace=%s" $op.dnsNamespace)
  (printf "--blocked-egress-cidrs=%s" (join "," $op.blockedEgressCidrs))
  (printf "--watch-namespaces=%s" (join "," $op.watchNamespaces))
  (printf "--workers=%d" (int64 $op.workers))
  (printf "--qps=%s" (toString $op.qps))
  (printf "--burst=%d" (int64 $op.burst))
  (printf "--resync-seconds=%d" (int64 $op.resyncSeconds))
  (printf "--child-event-delay-ms=%d" (int64 $op.childEventDelayMs))
  (printf "--child-event-interval-ms=%d" (int64 $op.childEventIntervalMs))
  (printf "--child-event-max-delay-ms=%d" (int64 $op.childEventMaxDelayMs))
  (printf "--pod-security=%s" $op.podSecurity)
  (printf "--default-run-as-user=%d" (int64 $op.defaultRunAsUser))
  (printf "--default-cpu=%s" (toString $op.defaultCpu))
  (printf "--default-memory=%s" (toString $op.defaultMemory))
  (printf "--default-plan=%s" .Values.plans.defaultPlan)
  (printf "--max-replicas=%d" (int64 $l.maxReplicas))
  (printf "--max-cpu=%s" (toString $l.maxCpu))
  (printf "--max-memory=%s" (toString $l.maxMemory))
  (printf "--max-ephemeral-storage=%s" (toString $l.maxEphemeralStorage))
  (printf "--max-gpu=%d" (int64 $l.maxGpu))
  (printf "--max-lifetime-seconds=%d" (int64 $l.maxLifetimeSeconds))
  (printf "--max-volumes=%d" (int64 $l.maxVolumes))
  (printf "--max-volume-size=%s" (toString $l.maxVolumeSize))
  (printf "--max-env-vars=%d" (int64 $l.maxEnvVars))
  (printf "--metrics-port=%d" (int64 $op.metricsPort))
  (printf "--health-port=%d" (int64 $op.healthPort))
  (printf "--log-level=%s" $op.logLevel)
  (printf "--log-format=%s" $op.logFormat)
  (printf "--leader-election=%t" (eq (include "kubecontainers.leaderElection" .) "true"))
  (printf "--leader-election-id=%s" (include "kubecontainers.leaseName" .)) }}
{{- if and (include "kubecontainers.leaderElection" .) .Values.leaderElection.namespace }}
{{- $args = append $args (printf "--leader-election-namespace=%s" .Values.leaderElection.namespace) }}
{{- end }}
{{- range $op.extraArgs }}
{{- $args = append $args (toString .) }}
{{- end }}
{{- toYaml $args }}
{{- end }}

{{/* The label matchers that pick this operator's series in the alerts: the job its ServiceMonitor scrapes it as. */}}
{{- define "kubecontainers.metricsSelector" -}}
{{- default (printf "job=%q" (printf "%s-metrics" (include "kubecontainers.fullname" .))) .Values.prometheusRule.selector }}
{{- end }}
