<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BuildFormat</name>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SBOM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pull request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed and verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reported yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1s</source>
        <comment>seconds, short</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <comment>minutes and seconds, short</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <comment>hours and minutes, short</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeploymentFormat</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progressing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deploying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deploy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scaled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>re-applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recreated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>ready of desired replicas</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1s</source>
        <comment>seconds, short</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1m</source>
        <comment>minutes, short</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <comment>hours and minutes, short</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapLayout</name>
    <message>
        <source>(not deployed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Infrastructure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared by every tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1–%2 replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n replica(s)</source>
        <translation>
            <numerusform>%n replica</numerusform>
            <numerusform>%n replicas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapStyle</name>
    <message>
        <source>auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>platform flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signs users in through Janua (OIDC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switchyard, Roundhouse, registry, Kubernetes and Waybill handing work on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads and writes PostgreSQL, Redis, the object store or search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls another service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A repository&apos;s deployable components, drawn inside its frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A library used by a repository (not deployed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>web / site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>infrastructure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1m</source>
        <comment>millicores</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::ApiClient</name>
    <message>
        <source>HTTP %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GET %1: the answer is not a JSON object (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no answer within %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid refused the renewed sign-in: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::BudgetModel</name>
    <message>
        <source>Overflows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added in deploy order, this app&apos;s requests no longer fit the allocatable capacity: its pods would stay Pending.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every service of the app at its minimum replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every service of the app at its maximum replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU request
at min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory request
at min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU limit
at min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory limit
at min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU request
at max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory request
at max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU limit
at max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory limit
at max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::BudgetsView</name>
    <message>
        <source>Waiting for the capacity report from encliid…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At maximum replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At minimum replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no verdict in the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests take %1 of the CPU and %2 of the memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 everything fits: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 it does &lt;b&gt;not&lt;/b&gt; fit: %2; %n app(s) would stay Pending: %3.</source>
        <translation>
            <numerusform>%1 it does &lt;b&gt;not&lt;/b&gt; fit: %2; %n app would stay Pending: %3.</numerusform>
            <numerusform>%1 it does &lt;b&gt;not&lt;/b&gt; fit: %2; %n apps would stay Pending: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything fits, even at maximum replicas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits at minimum replicas, not at maximum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does not fit, even at minimum replicas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be scheduled at all (one pod asks for more than a node offers): %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allocatable to apps: %1 and %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 %3 nodes, %4 % kept for the platform&apos;s own overhead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apps are counted in deploy order; an app overflows when its requests no longer fit what is left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests stacked in deploy order, as % of allocatable capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allocatable (100 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of allocatable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU at min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory at min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU at max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory at max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2: %3 of allocatable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the live figures from encliid…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it is Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simulated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid reports no nodes in its cluster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Requested now by the scheduled pods, on %n node(s): CPU %1, memory %2.</source>
        <translation>
            <numerusform>Requested now by the scheduled pods, on %n node: CPU %1, memory %2.</numerusform>
            <numerusform>Requested now by the scheduled pods, on %n nodes: CPU %1, memory %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pod is Pending: every pod found a node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s) Pending</source>
        <translation>
            <numerusform>%n pod Pending</numerusform>
            <numerusform>%n pods Pending</numerusform>
        </translation>
    </message>
    <message>
        <source>You may not see the live cluster: it needs the catalog.read permission. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This encliid does not report its cluster yet; the figures above are the plan only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not refresh the live figures (they may be stale): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the live figures: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&lt;br&gt;%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildDurationChart</name>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goal: 5 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2: %3, finished %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build time: no finished builds yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build time: no successful build to average yet · goal under 5 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Build time: average %1 over %n build(s) · goal under 5 min</source>
        <translation>
            <numerusform>Build time: average %1 over %n build · goal under 5 min</numerusform>
            <numerusform>Build time: average %1 over %n builds · goal under 5 min</numerusform>
        </translation>
    </message>
    <message>
        <source>Average: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildListModel</name>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build #%1 of %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildLogModel</name>
    <message>
        <source>Line %1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildStageBar</name>
    <message>
        <source>No build selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildStepsModel</name>
    <message>
        <source>Waiting to retry (attempt %1 of %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for a worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildsClient</name>
    <message>
        <source>GET %1: the answer has no &quot;items&quot; list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::ClusterNodesModel</name>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU requested of allocatable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory requested of allocatable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::ConnectDialog</name>
    <message>
        <source>Connect to encliid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console reads everything from encliid&apos;s REST API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an http:// or https:// URL with a host, e.g. http://127.0.0.1:4200</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::DashboardsView</name>
    <message>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent deploys and drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This encliid does not report its cluster yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Drift corrected · %n change(s)</source>
        <translation>
            <numerusform>Drift corrected · %n change</numerusform>
            <numerusform>Drift corrected · %n changes</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes made in the cluster by hand that encliid undid, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desired</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Pods · %n pod(s)</source>
        <translation>
            <numerusform>Pods · %n pod</numerusform>
            <numerusform>Pods · %n pods</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Pending</source>
        <translation>
            <numerusform>%n Pending</numerusform>
            <numerusform>%n Pending</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a component to see its pods, its metrics and its recent deploys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is deployed yet.

encliid&apos;s reconciler deploys the ecosystem wave by wave: the platform first, then the apps. Their components appear here as they are applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid refused the sign-in for the deployments.

%1

Sign in again (Console &gt; Sign in…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not see the deployments.

encliid answered 403: reading deployments needs the catalog.read permission. Ask an admin for a role that has it.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This encliid does not report deployments yet.

%1

Update the daemon to follow the cluster here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the deployments.

%1

The console tries again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not see the pods of %1: reading them needs the catalog.read permission in its project. Ask an admin or the project&apos;s owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid no longer knows %1: it may have been removed from the ecosystem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the details of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this encliid keeps no metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading metrics needs catalog.read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not load (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the deployments from %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n component(s)</source>
        <translation>
            <numerusform>%n component</numerusform>
            <numerusform>%n components</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ready</source>
        <translation>
            <numerusform>%n ready</numerusform>
            <numerusform>%n ready</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n progressing</source>
        <translation>
            <numerusform>%n progressing</numerusform>
            <numerusform>%n progressing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n degraded</source>
        <translation>
            <numerusform>%n degraded</numerusform>
            <numerusform>%n degraded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n app(s)</source>
        <translation>
            <numerusform>%n app</numerusform>
            <numerusform>%n apps</numerusform>
        </translation>
    </message>
    <message>
        <source>Simulated cluster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid deploys into its built-in simulation: pods, nodes and metrics are generated, not measured on real machines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciling: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n replica(s) ready</source>
        <translation>
            <numerusform>%1 of %n replica ready</numerusform>
            <numerusform>%1 of %n replicas ready</numerusform>
        </translation>
    </message>
    <message>
        <source>app %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>namespace %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wave %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>release #%1 &lt;code&gt;%2&lt;/code&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no release yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>applied %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last drift %1 ago: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pod %1 is Pending: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no samples yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::DeploymentTreeModel</name>
    <message>
        <source>App / component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n component(s)</source>
        <translation>
            <numerusform>%n component</numerusform>
            <numerusform>%n components</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wave: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas: %1 ready, %2 up to date, %3 available, %4 desired</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::DeploymentsClient</name>
    <message>
        <source>GET %1: the answer is not a JSON object (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GET %1: the answer has no &quot;items&quot; list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GET %1: the answer is about another service</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::EcosystemModel</name>
    <message>
        <source>Repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Infrastructure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;nodes&quot; is missing or not a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nodes[%1] has no id or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nodes[%1] repeats the id %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edges[%1] joins unknown nodes (%2 -&gt; %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain / provider</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::EventFeedModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::EventStream</name>
    <message>
        <source>encliid closed the event stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the event stream was silent for %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the event stream broke: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::FollowMode</name>
    <message>
        <source>no event stream</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::MainWindow</name>
    <message>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waybill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enclii Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollouts in progress and how their analysis is going.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each rollout&apos;s steps (10 % → 50 % → 100 %) and the current traffic weight.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis per step: success rate and p99 latency against the service&apos;s thresholds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promotions and automatic rollbacks, with the measurement that decided them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the platform costs and who uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage events and hourly rollups per project and service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prices, draft and issued invoices, and their Stripe status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly platform cost against the $150 target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the daemon again now and reload the ecosystem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Enclii Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to encliid at %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1; loading the ecosystem…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach encliid.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 — retrying in %n s</source>
        <translation>
            <numerusform>%1 — retrying in %n s</numerusform>
            <numerusform>%1 — retrying in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cannot reach encliid.

%1

Retrying in %n s.</source>
        <translation>
            <numerusform>Cannot reach encliid.

%1

Retrying in %n s.</numerusform>
            <numerusform>Cannot reach encliid.

%1

Retrying in %n s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enclii Console — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 nodes, %2 edges · updated %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The ecosystem had %n entry(ies) the console could not read; hover the counts for details.</source>
        <translation>
            <numerusform>The ecosystem had %n entry the console could not read; hover the counts for details.</numerusform>
            <numerusform>The ecosystem had %n entries the console could not read; hover the counts for details.</numerusform>
        </translation>
    </message>
    <message>
        <source>encliid answered, but its ecosystem has no nodes to draw.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the ecosystem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the ecosystem.

%1

The console tries again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Enclii Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Enclii Console %1&lt;/h3&gt;&lt;p&gt;The desktop console of Enclii, a self-hosted PaaS control plane. It reads everything from encliid&apos;s REST API.&lt;/p&gt;&lt;p&gt;Enclii deploys Enclii. Janua authenticates Janua.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language applies the next time the console starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to see the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to see the pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to see the dashboards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to see the budgets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to see the rollouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to see costs and usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rollout selected: encliid does not serve rollouts to the console yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel sign-&amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in is off on this daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to encliid with your web browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out here and end the session at encliid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid at %1 serves its API without sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing globally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the saved sign-in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waybill needs the finance or admin role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rollout selected yet: encliid does not serve rollouts to the console so far.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only on-call or admin can promote, pause or abort a rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to act on rollouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With the token from --token or ENCLII_TOKEN (not saved); it may allow less than the roles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waybill needs billing.read, which this token does not allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acting on rollouts needs canary.operate, which this token does not allow</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::MapLegend</name>
    <message>
        <source>Edges:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. Untick to hide these edges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · click: details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::MapView</name>
    <message>
        <source>Search by name or domain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matches are highlighted and the first is centred; press Enter for the next one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the ecosystem from encliid…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no match</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>enclii::ui::MetricChart</name>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>millicores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>req/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 req/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::NodeDetailsPanel</name>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 CPU · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a service, an infrastructure node, a library or a repository&apos;s title to see its spec here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values the seed does not give, and encliid filled in with defaults, are marked “default”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (not exposed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2 replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autoscaling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off (fixed replicas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At min–max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2 CPU requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dependencies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defaults filled in by encliid (not in the seed):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every value comes from the seed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deployed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Components</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Depends on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ecosystem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repositories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Infrastructure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n service</numerusform>
            <numerusform>%n services</numerusform>
        </translation>
    </message>
    <message>
        <source>not deployed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n service(s) use values the seed does not give; select one to see which are defaults.</source>
        <translation>
            <numerusform>%n service uses values the seed does not give; select it to see which are defaults.</numerusform>
            <numerusform>%n services use values the seed does not give; select one to see which are defaults.</numerusform>
        </translation>
    </message>
    <message>
        <source>Click a node or a repository&apos;s title to see its spec and connections here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::PipelineView</name>
    <message>
        <source>Cancel build</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry build</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the log: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued or running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Log · %n line(s) · the %1 earliest not kept</source>
        <translation>
            <numerusform>Log · %n line · the %1 earliest not kept</numerusform>
            <numerusform>Log · %n lines · the %1 earliest not kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Log · %n line(s)</source>
        <translation>
            <numerusform>Log · %n line</numerusform>
            <numerusform>Log · %n lines</numerusform>
        </translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No log lines for this build yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a build to follow its stages and its log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No builds yet.

Roundhouse builds a service when its repository&apos;s webhook reports a push, or when someone with builds.trigger starts one. They appear here as they happen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid refused the sign-in for the builds.

%1

Sign in again (Console &gt; Sign in…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not see the builds.

encliid answered 403: reading builds needs the catalog.read permission. Ask an admin for a role that has it.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This encliid does not serve builds yet.

%1

Update the daemon to follow the pipeline here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the builds.

%1

The console tries again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build #%1: cancel requested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build #%1 is queued again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the role to cancel builds in %1: it takes the builds.trigger permission. Ask an admin or the project&apos;s owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the role to retry builds in %1: it takes the builds.trigger permission. Ask an admin or the project&apos;s owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not cancel build #%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not retry build #%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the builds from %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n running</numerusform>
            <numerusform>%n running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation>
            <numerusform>%n queued</numerusform>
            <numerusform>%n queued</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n succeeded</source>
        <translation>
            <numerusform>%n succeeded</numerusform>
            <numerusform>%n succeeded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n build(s)</source>
        <translation>
            <numerusform>%1 of %n build</numerusform>
            <numerusform>%1 of %n builds</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · build #%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commit &lt;code&gt;%1&lt;/code&gt; on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attempt %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>app %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not pushed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No SBOM yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n package(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n package&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n packages&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n licence(s)</source>
        <translation>
            <numerusform>%n licence</numerusform>
            <numerusform>%n licences</numerusform>
        </translation>
    </message>
    <message>
        <source>SBOM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling and retrying builds takes the builds.trigger permission, which you do not have here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop this build; a running step is interrupted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a queued or running build can be cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue this build again, from the same commit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a failed or cancelled build can be retried.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::PlaceholderView</name>
    <message>
        <source>This screen will show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available yet: encliid does not serve this data to the console so far.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::PodTableModel</name>
    <message>
        <source>Pod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running, not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unscheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::ScreenStack</name>
    <message>
        <source>Connecting to encliid at %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach encliid at %1.

%2

The console keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach encliid.

%1

The console keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not refresh: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the event stream…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Refreshing every %n s (no event stream)</source>
        <translation>
            <numerusform>Refreshing every %n s (no event stream)</numerusform>
            <numerusform>Refreshing every %n s (no event stream)</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::ScreenshotRunner</name>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data from encliid at %1 within %2 s: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No window to capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ecosystem has no nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window went away before the capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not render the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid wants a sign-in; give a token with --token or ENCLII_TOKEN, or sign in once with the console (the screenshot then uses the saved session)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid at %1 refused the sign-in: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::Session</name>
    <message>
        <source>You can close this tab and return to Enclii.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No answer from the browser within %n minute(s); the sign-in was given up.</source>
        <translation>
            <numerusform>No answer from the browser within %n minute; the sign-in was given up.</numerusform>
            <numerusform>No answer from the browser within %n minutes; the sign-in was given up.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign-in is off on this daemon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not ask encliid how to sign in (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid answered an unknown sign-in mode &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid signs in through an external provider but does not say which.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the sign-in provider&apos;s metadata (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in provider&apos;s metadata lacks its issuer or endpoints (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in provider calls itself %1, but encliid names %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in provider does not support PKCE with S256.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the saved sign-in from the system keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on 127.0.0.1 for the browser&apos;s answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open a web browser. Open this address to sign in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was cancelled in the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This address only takes the sign-in answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in already answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sign-in has already been answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The browser&apos;s answer does not belong to this sign-in (the state does not match), so nothing was exchanged. Try signing in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer comes from %1, not from the provider this sign-in asked (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider could not sign you in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The browser&apos;s answer carries no authorization code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in to Enclii</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console has your sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider did not sign you in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer has no ID token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ID token does not fit this sign-in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer from %1 in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token endpoint&apos;s answer has no access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token type is &quot;%1&quot;, not Bearer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a JWT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was issued by &quot;%1&quot;, not by &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is meant for &quot;%1&quot;, not for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has several audiences and its authorized party is not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its nonce is not the one this sign-in sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its nonce is not the one of the original sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has no expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it expired at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it names no subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is for another user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the new ID token does not fit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in could not be renewed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not renew the sign-in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in, but could not load your roles: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider offers no way to revoke the session; it stays valid at the provider until it expires.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the saved sign-in from the system keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out here, but the provider could not be told: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not keep the sign-in in the system keychain (%1); you will have to sign in again next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid refused the token given with --token or ENCLII_TOKEN (expired, revoked, or not for this daemon).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::SignInPrompt</name>
    <message>
        <source>encliid at %1 wants to know who you are before it shows anything. Sign in with your web browser; the console keeps the session in your system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish signing in in your web browser; this screen fills in by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If no browser opened, open this address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking your saved sign-in with encliid at %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>enclii::ui::WaveStrip</name>
    <message>
        <source>%1 · %2 of %3 ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encliid has not reported its deploy waves yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wave %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Desktop console for the Enclii control plane (encliid).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon base URL for this session (the saved one is left alone).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render a screen to a PNG file once its data has loaded, then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen to open: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language, e.g. es or en (default: ui/language setting, then the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds --screenshot waits for data (default 20).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a usable daemon URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown view &quot;%1&quot;; use one of: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--timeout needs a positive number of seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this bearer token instead of signing in: an API token (enclii_pat_…) or an access token. It is not stored anywhere. The environment variable ENCLII_TOKEN does the same without showing the token to other users of this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--token needs a token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
