{{/*
The chart name, or nameOverride.
*/}}
{{- define "aiops.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The object name prefix: fullnameOverride, else "<release>-<chart>", or "<release>" when it contains the chart name.
Truncated so that a suffix ("-operator", "-mcp-token") still fits in 63 characters.
*/}}
{{- define "aiops.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 48 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 48 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 48 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
"<chart>-<version>" for the helm.sh/chart label.
*/}}
{{- define "aiops.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object: the recommended app.kubernetes.io/* labels plus commonLabels.
*/}}
{{- define "aiops.labels" -}}
helm.sh/chart: {{ include "aiops.chart" . }}
{{ include "aiops.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: aiops-agents
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels shared by all components (a component adds app.kubernetes.io/component).
*/}}
{{- define "aiops.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aiops.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of one component's objects. Call with (dict "ctx" $ "component" "operator").
*/}}
{{- define "aiops.componentLabels" -}}
{{ include "aiops.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Selector labels of one component's pods. Call with (dict "ctx" $ "component" "operator").
*/}}
{{- define "aiops.componentSelectorLabels" -}}
{{ include "aiops.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
The aiops image: repository@digest, or repository:tag with the tag defaulting to the chart's appVersion.
"latest" is refused: a mutable tag makes rollbacks and audits meaningless.
*/}}
{{- define "aiops.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag | toString }}
{{- if eq $tag "latest" }}
{{- fail "image.tag must not be \"latest\": pin a version (it defaults to the chart's appVersion)" }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The test image, with the same rule on "latest".
*/}}
{{- define "aiops.testImage" -}}
{{- $tag := required "tests.image.tag is required" .Values.tests.image.tag | toString }}
{{- if eq $tag "latest" }}
{{- fail "tests.image.tag must not be \"latest\": pin a version" }}
{{- end }}
{{- printf "%s:%s" .Values.tests.image.repository $tag }}
{{- end }}

{{/*
Names of the components' objects.
*/}}
{{- define "aiops.operator.fullname" -}}
{{- printf "%s-operator" (include "aiops.fullname" .) }}
{{- end }}

{{- define "aiops.mcp.fullname" -}}
{{- printf "%s-mcp" (include "aiops.fullname" .) }}
{{- end }}

{{- define "aiops.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (include "aiops.operator.fullname" .) .Values.operator.serviceAccount.name }}
{{- else }}
{{- required "operator.serviceAccount.name is required when operator.serviceAccount.create is false" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aiops.mcp.serviceAccountName" -}}
{{- if .Values.mcp.serviceAccount.create }}
{{- default (include "aiops.mcp.fullname" .) .Values.mcp.serviceAccount.name }}
{{- else }}
{{- required "mcp.serviceAccount.name is required when mcp.serviceAccount.create is false" .Values.mcp.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The Secret holding the MCP bearer token: mcp.existingSecret, or the one the chart creates.
*/}}
{{- define "aiops.mcp.secretName" -}}
{{- default (printf "%s-mcp-token" (include "aiops.fullname" .)) .Values.mcp.existingSecret }}
{{- end }}

{{/*
True ("true") when the operator may patch workloads cluster-wide: operator.patchNamespaces contains "*".
*/}}
{{- define "aiops.operator.patchClusterWide" -}}
{{- if has "*" .Values.operator.patchNamespaces }}true{{ end }}
{{- end }}

{{/*
Topology spread constraints, with the component's selector labels filled in where a constraint has none.
Call with (dict "ctx" $ "component" "operator" "constraints" .Values.operator.topologySpreadConstraints).
*/}}
{{- define "aiops.topologySpreadConstraints" -}}
{{- $selector := include "aiops.componentSelectorLabels" (dict "ctx" .ctx "component" .component) | fromYaml }}
{{- range .constraints }}
{{- $c := deepCopy . }}
{{- if not (hasKey $c "labelSelector") }}
{{- $_ := set $c "labelSelector" (dict "matchLabels" $selector) }}
{{- end }}
- {{ toYaml $c | nindent 2 | trim }}
{{- end }}
{{- end }}

{{/*
The /tmp emptyDir volume of every pod (the root filesystem is read-only).
*/}}
{{- define "aiops.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}
