{{/* The chart's name, or nameOverride. */}}
{{- define "sslo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release-scoped name of the namespaced objects (Deployment, Lease, Services, Roles): fullnameOverride,
else <release>-<name>, or the release name alone when it already contains the name. 63 characters:
some of these names become label values.
*/}}
{{- define "sslo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The name of what is shared beyond the release namespace (the ClusterRole, its ClusterRoleBinding, the
RoleBindings in watched namespaces): a release name is only unique within its namespace, so the
namespace is part of it.
*/}}
{{- define "sslo.clusterName" -}}
{{- printf "%s-%s" .Release.Namespace (include "sslo.fullname" .) -}}
{{- end -}}

{{- define "sslo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sslo.labels" -}}
helm.sh/chart: {{ include "sslo.chart" . }}
{{ include "sslo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Immutable in a Deployment's selector: never add to these. */}}
{{- define "sslo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sslo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sslo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sslo.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The namespaces whose resources the operator reconciles, when not watching all of them. */}}
{{- define "sslo.watchedNamespaces" -}}
{{- if .Values.watch.namespaces -}}
{{- join "," .Values.watch.namespaces -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* A duration of the schema's form <n>s, <n>m or <n>h in seconds, for PromQL comparisons with time(). */}}
{{- define "sslo.seconds" -}}
{{- $n := regexFind "^[0-9]+" . | atoi -}}
{{- $unit := regexFind "[smh]$" . -}}
{{- if eq $unit "h" -}}{{ mul $n 3600 }}{{- else if eq $unit "m" -}}{{ mul $n 60 }}{{- else -}}{{ $n }}{{- end -}}
{{- end -}}

{{/* The label matchers of this release's own /metrics series, as its ServiceMonitor scrapes them. */}}
{{- define "sslo.metricsSelector" -}}
{{- default (printf "namespace=%q, job=\"%s-metrics\"" .Release.Namespace (include "sslo.fullname" .)) .Values.metrics.prometheusRule.selector -}}
{{- end -}}
