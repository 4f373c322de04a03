<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>BuildFormat</name>
    <message>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Correcta</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallida</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Omitido</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>Clonado</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>SBOM</source>
        <translation>SBOM</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>Push</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>push</source>
        <translation>push</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>pull request</source>
        <translation>pull request</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmada</translation>
    </message>
    <message>
        <source>Signed and verified</source>
        <translation>Firmada y verificada</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>Sin firmar</translation>
    </message>
    <message>
        <source>Invalid signature</source>
        <translation>Firma no válida</translation>
    </message>
    <message>
        <source>Not reported yet</source>
        <translation>Aún sin datos</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1s</source>
        <comment>seconds, short</comment>
        <translation>%1s</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <comment>minutes and seconds, short</comment>
        <translation>%1m %2s</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <comment>hours and minutes, short</comment>
        <translation>%1h %2m</translation>
    </message>
</context>
<context>
    <name>DeploymentFormat</name>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Progressing</source>
        <translation>En progreso</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Degradado</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Deploying</source>
        <translation>Desplegando</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
    <message>
        <source>Deploy</source>
        <translation>Despliegue</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>Deriva</translation>
    </message>
    <message>
        <source>Scaled</source>
        <translation>Escalado</translation>
    </message>
    <message>
        <source>re-applied</source>
        <translation>reaplicado</translation>
    </message>
    <message>
        <source>recreated</source>
        <translation>recreado</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>eliminado</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>ready of desired replicas</comment>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1s</source>
        <comment>seconds, short</comment>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1m</source>
        <comment>minutes, short</comment>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <comment>hours and minutes, short</comment>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>MapLayout</name>
    <message>
        <source>(not deployed)</source>
        <translation>(no se despliega)</translation>
    </message>
    <message>
        <source>Infrastructure</source>
        <translation>Infraestructura</translation>
    </message>
    <message>
        <source>Shared by every tier</source>
        <translation>Compartida por todos los niveles</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>Nivel %1</translation>
    </message>
    <message>
        <source>%1–%2 replicas</source>
        <translation>%1–%2 réplicas</translation>
    </message>
    <message numerus="yes">
        <source>%n replica(s)</source>
        <translation>
            <numerusform>%n réplica</numerusform>
            <numerusform>%n réplicas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapStyle</name>
    <message>
        <source>auth</source>
        <translation>autenticación</translation>
    </message>
    <message>
        <source>platform flow</source>
        <translation>flujo de plataforma</translation>
    </message>
    <message>
        <source>data</source>
        <translation>datos</translation>
    </message>
    <message>
        <source>service call</source>
        <translation>llamada a servicio</translation>
    </message>
    <message>
        <source>component</source>
        <translation>componente</translation>
    </message>
    <message>
        <source>library</source>
        <translation>biblioteca</translation>
    </message>
    <message>
        <source>Signs users in through Janua (OIDC)</source>
        <translation>Inicia la sesión de los usuarios a través de Janua (OIDC)</translation>
    </message>
    <message>
        <source>Switchyard, Roundhouse, registry, Kubernetes and Waybill handing work on</source>
        <translation>Switchyard, Roundhouse, el registro, Kubernetes y Waybill pasándose el trabajo</translation>
    </message>
    <message>
        <source>Reads and writes PostgreSQL, Redis, the object store or search</source>
        <translation>Lee y escribe en PostgreSQL, Redis, el almacén de objetos o el buscador</translation>
    </message>
    <message>
        <source>Calls another service</source>
        <translation>Llama a otro servicio</translation>
    </message>
    <message>
        <source>A repository&apos;s deployable components, drawn inside its frame</source>
        <translation>Los componentes desplegables de un repositorio, dibujados dentro de su marco</translation>
    </message>
    <message>
        <source>A library used by a repository (not deployed)</source>
        <translation>Una biblioteca que usa un repositorio (no se despliega)</translation>
    </message>
    <message>
        <source>repository</source>
        <translation>repositorio</translation>
    </message>
    <message>
        <source>API service</source>
        <translation>servicio API</translation>
    </message>
    <message>
        <source>web / site</source>
        <translation>web / sitio</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>worker</translation>
    </message>
    <message>
        <source>infrastructure</source>
        <translation>infraestructura</translation>
    </message>
    <message>
        <source>other</source>
        <translation>otro</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1m</source>
        <comment>millicores</comment>
        <translation>%1m</translation>
    </message>
    <message>
        <source>1 core</source>
        <translation>1 núcleo</translation>
    </message>
    <message>
        <source>%1 cores</source>
        <translation>%1 núcleos</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>enclii::ui::ApiClient</name>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>GET %1: the answer is not a JSON object (%2)</source>
        <translation>GET %1: la respuesta no es un objeto JSON (%2)</translation>
    </message>
    <message>
        <source>%1: no answer within %2 s</source>
        <translation>%1: sin respuesta en %2 s</translation>
    </message>
    <message>
        <source>encliid refused the renewed sign-in: %1</source>
        <translation>encliid rechazó la sesión renovada: %1</translation>
    </message>
</context>
<context>
    <name>enclii::ui::BudgetModel</name>
    <message>
        <source>Overflows</source>
        <translation>Desborda</translation>
    </message>
    <message>
        <source>Fits</source>
        <translation>Cabe</translation>
    </message>
    <message>
        <source>Services: %1</source>
        <translation>Servicios: %1</translation>
    </message>
    <message>
        <source>Added in deploy order, this app&apos;s requests no longer fit the allocatable capacity: its pods would stay Pending.</source>
        <translation>Sumadas en orden de despliegue, las solicitudes de esta app ya no caben en la capacidad asignable: sus pods se quedarían en Pending.</translation>
    </message>
    <message>
        <source>Every service of the app at its minimum replicas</source>
        <translation>Todos los servicios de la app con sus réplicas mínimas</translation>
    </message>
    <message>
        <source>Every service of the app at its maximum replicas</source>
        <translation>Todos los servicios de la app con sus réplicas máximas</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>CPU request
at min</source>
        <translation>Solicitud
CPU mín.</translation>
    </message>
    <message>
        <source>Memory request
at min</source>
        <translation>Solicitud
memoria mín.</translation>
    </message>
    <message>
        <source>CPU limit
at min</source>
        <translation>Límite
CPU mín.</translation>
    </message>
    <message>
        <source>Memory limit
at min</source>
        <translation>Límite
memoria mín.</translation>
    </message>
    <message>
        <source>CPU request
at max</source>
        <translation>Solicitud
CPU máx.</translation>
    </message>
    <message>
        <source>Memory request
at max</source>
        <translation>Solicitud
memoria máx.</translation>
    </message>
    <message>
        <source>CPU limit
at max</source>
        <translation>Límite
CPU máx.</translation>
    </message>
    <message>
        <source>Memory limit
at max</source>
        <translation>Límite
memoria máx.</translation>
    </message>
    <message>
        <source>At min</source>
        <translation>En mín.</translation>
    </message>
    <message>
        <source>At max</source>
        <translation>En máx.</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Servicios</translation>
    </message>
</context>
<context>
    <name>enclii::ui::BudgetsView</name>
    <message>
        <source>Waiting for the capacity report from encliid…</source>
        <translation>Esperando el informe de capacidad de encliid…</translation>
    </message>
    <message>
        <source>At maximum replicas</source>
        <translation>Con las réplicas máximas</translation>
    </message>
    <message>
        <source>At minimum replicas</source>
        <translation>Con las réplicas mínimas</translation>
    </message>
    <message>
        <source>%1: no verdict in the report.</source>
        <translation>%1: el informe no da veredicto.</translation>
    </message>
    <message>
        <source>requests take %1 of the CPU and %2 of the memory</source>
        <translation>las solicitudes ocupan el %1 de la CPU y el %2 de la memoria</translation>
    </message>
    <message>
        <source>%1 everything fits: %2.</source>
        <translation>%1 todo cabe: %2.</translation>
    </message>
    <message numerus="yes">
        <source>%1 it does &lt;b&gt;not&lt;/b&gt; fit: %2; %n app(s) would stay Pending: %3.</source>
        <translation>
            <numerusform>%1 &lt;b&gt;no&lt;/b&gt; cabe: %2; %n app se quedaría en Pending: %3.</numerusform>
            <numerusform>%1 &lt;b&gt;no&lt;/b&gt; cabe: %2; %n apps se quedarían en Pending: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything fits, even at maximum replicas.</source>
        <translation>Todo cabe, incluso con las réplicas máximas.</translation>
    </message>
    <message>
        <source>Fits at minimum replicas, not at maximum.</source>
        <translation>Cabe con las réplicas mínimas, no con las máximas.</translation>
    </message>
    <message>
        <source>Does not fit, even at minimum replicas.</source>
        <translation>No cabe, ni siquiera con las réplicas mínimas.</translation>
    </message>
    <message>
        <source>Cannot be scheduled at all (one pod asks for more than a node offers): %1.</source>
        <translation>No se pueden programar en ningún caso (un solo pod pide más de lo que ofrece un nodo): %1.</translation>
    </message>
    <message>
        <source>Allocatable to apps: %1 and %2.</source>
        <translation>Asignable a las apps: %1 y %2.</translation>
    </message>
    <message>
        <source>%1 × %2 %3 nodes, %4 % kept for the platform&apos;s own overhead.</source>
        <translation>%1 nodos %2 %3, con un %4 % reservado para la propia plataforma.</translation>
    </message>
    <message>
        <source>Apps are counted in deploy order; an app overflows when its requests no longer fit what is left.</source>
        <translation>Las apps se suman en orden de despliegue; una app desborda cuando sus solicitudes ya no caben en lo que queda.</translation>
    </message>
    <message>
        <source>Requests stacked in deploy order, as % of allocatable capacity</source>
        <translation>Solicitudes apiladas en orden de despliegue, en % de la capacidad asignable</translation>
    </message>
    <message>
        <source>Allocatable (100 %)</source>
        <translation>Asignable (100 %)</translation>
    </message>
    <message>
        <source>% of allocatable</source>
        <translation>% de lo asignable</translation>
    </message>
    <message>
        <source>CPU at min</source>
        <translation>CPU en mín.</translation>
    </message>
    <message>
        <source>Memory at min</source>
        <translation>Memoria en mín.</translation>
    </message>
    <message>
        <source>CPU at max</source>
        <translation>CPU en máx.</translation>
    </message>
    <message>
        <source>Memory at max</source>
        <translation>Memoria en máx.</translation>
    </message>
    <message>
        <source>%1 — %2: %3 of allocatable</source>
        <translation>%1 — %2: %3 de lo asignable</translation>
    </message>
    <message>
        <source>Live cluster</source>
        <translation>Clúster en vivo</translation>
    </message>
    <message>
        <source>Waiting for the live figures from encliid…</source>
        <translation>Esperando las cifras en vivo de encliid…</translation>
    </message>
    <message>
        <source>Pod</source>
        <translation>Pod</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Why it is Pending</source>
        <translation>Por qué está en Pending</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simulado</translation>
    </message>
    <message>
        <source>encliid reports no nodes in its cluster.</source>
        <translation>encliid no informa de ningún nodo en su clúster.</translation>
    </message>
    <message numerus="yes">
        <source>Requested now by the scheduled pods, on %n node(s): CPU %1, memory %2.</source>
        <translation>
            <numerusform>Solicitado ahora por los pods programados, en %n nodo: CPU %1, memoria %2.</numerusform>
            <numerusform>Solicitado ahora por los pods programados, en %n nodos: CPU %1, memoria %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sin motivo indicado</translation>
    </message>
    <message>
        <source>%1 in %2: %3</source>
        <translation>%1 en %2: %3</translation>
    </message>
    <message>
        <source>No pod is Pending: every pod found a node.</source>
        <translation>Ningún pod está en Pending: todos encontraron un nodo.</translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s) Pending</source>
        <translation>
            <numerusform>%n pod en Pending</numerusform>
            <numerusform>%n pods en Pending</numerusform>
        </translation>
    </message>
    <message>
        <source>You may not see the live cluster: it needs the catalog.read permission. %1</source>
        <translation>No puedes ver el clúster en vivo: hace falta el permiso catalog.read. %1</translation>
    </message>
    <message>
        <source>This encliid does not report its cluster yet; the figures above are the plan only.</source>
        <translation>Este encliid aún no informa de su clúster; las cifras de arriba son solo el plan.</translation>
    </message>
    <message>
        <source>Could not refresh the live figures (they may be stale): %1</source>
        <translation>No se pudieron actualizar las cifras en vivo (pueden estar desfasadas): %1</translation>
    </message>
    <message>
        <source>Could not load the live figures: %1</source>
        <translation>No se pudieron cargar las cifras en vivo: %1</translation>
    </message>
    <message>
        <source>%1&lt;br&gt;%2</source>
        <translation>%1&lt;br&gt;%2</translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildDurationChart</name>
    <message>
        <source>Succeeded</source>
        <translation>Correctas</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallidas</translation>
    </message>
    <message>
        <source>Goal: 5 min</source>
        <translation>Objetivo: 5 min</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>Finished at</source>
        <translation>Terminada a las</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
    <message>
        <source>#%1 %2: %3, finished %4</source>
        <translation>#%1 %2: %3, terminada el %4</translation>
    </message>
    <message>
        <source>Build time: no finished builds yet</source>
        <translation>Tiempo de build: aún no hay builds terminadas</translation>
    </message>
    <message>
        <source>Build time: no successful build to average yet · goal under 5 min</source>
        <translation>Tiempo de build: aún no hay builds correctas para la media · objetivo: menos de 5 min</translation>
    </message>
    <message numerus="yes">
        <source>Build time: average %1 over %n build(s) · goal under 5 min</source>
        <translation>
            <numerusform>Tiempo de build: media de %1 en %n build · objetivo: menos de 5 min</numerusform>
            <numerusform>Tiempo de build: media de %1 en %n builds · objetivo: menos de 5 min</numerusform>
        </translation>
    </message>
    <message>
        <source>Average: %1</source>
        <translation>Media: %1</translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildListModel</name>
    <message>
        <source>waiting</source>
        <translation>esperando</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Build #%1 of %2 (%3)</source>
        <translation>Build #%1 de %2 (%3)</translation>
    </message>
    <message>
        <source>Commit %1 on %2</source>
        <translation>Commit %1 en %2</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Último error: %1</translation>
    </message>
    <message>
        <source>Worker: %1</source>
        <translation>Worker: %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildLogModel</name>
    <message>
        <source>Line %1 · %2 · %3</source>
        <translation>Línea %1 · %2 · %3</translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildStageBar</name>
    <message>
        <source>No build selected</source>
        <translation>Ninguna build seleccionada</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildStepsModel</name>
    <message>
        <source>Waiting to retry (attempt %1 of %2)</source>
        <translation>Esperando para reintentar (intento %1 de %2)</translation>
    </message>
    <message>
        <source>Waiting for a worker</source>
        <translation>Esperando a un worker</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
</context>
<context>
    <name>enclii::ui::BuildsClient</name>
    <message>
        <source>GET %1: the answer has no &quot;items&quot; list</source>
        <translation>GET %1: la respuesta no tiene una lista &quot;items&quot;</translation>
    </message>
</context>
<context>
    <name>enclii::ui::ClusterNodesModel</name>
    <message>
        <source>Node</source>
        <translation>Nodo</translation>
    </message>
    <message>
        <source>CPU requested of allocatable</source>
        <translation>CPU solicitada de la asignable</translation>
    </message>
    <message>
        <source>Memory requested of allocatable</source>
        <translation>Memoria solicitada de la asignable</translation>
    </message>
    <message>
        <source>Pods</source>
        <translation>Pods</translation>
    </message>
    <message>
        <source>%1 of %2 (%3)</source>
        <translation>%1 de %2 (%3)</translation>
    </message>
</context>
<context>
    <name>enclii::ui::ConnectDialog</name>
    <message>
        <source>Connect to encliid</source>
        <translation>Conectar con encliid</translation>
    </message>
    <message>
        <source>Use default</source>
        <translation>Usar el predeterminado</translation>
    </message>
    <message>
        <source>Daemon URL:</source>
        <translation>URL del demonio:</translation>
    </message>
    <message>
        <source>The console reads everything from encliid&apos;s REST API.</source>
        <translation>La consola lo lee todo de la API REST de encliid.</translation>
    </message>
    <message>
        <source>Enter an http:// or https:// URL with a host, e.g. http://127.0.0.1:4200</source>
        <translation>Escribe una URL http:// o https:// con un host, p. ej. http://127.0.0.1:4200</translation>
    </message>
</context>
<context>
    <name>enclii::ui::DashboardsView</name>
    <message>
        <source>Drift</source>
        <translation>Deriva</translation>
    </message>
    <message>
        <source>Pods</source>
        <translation>Pods</translation>
    </message>
    <message>
        <source>Recent deploys and drift</source>
        <translation>Despliegues y derivas recientes</translation>
    </message>
    <message>
        <source>This encliid does not report its cluster yet.</source>
        <translation>Este encliid aún no informa de su clúster.</translation>
    </message>
    <message numerus="yes">
        <source>Drift corrected · %n change(s)</source>
        <translation>
            <numerusform>Deriva corregida · %n cambio</numerusform>
            <numerusform>Deriva corregida · %n cambios</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes made in the cluster by hand that encliid undid, newest first</source>
        <translation>Cambios hechos a mano en el clúster que encliid deshizo, los más recientes primero</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Peticiones</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errores</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latencia p95</translation>
    </message>
    <message>
        <source>Ready replicas</source>
        <translation>Réplicas listas</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>Deseadas</translation>
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
            <numerusform>%n en Pending</numerusform>
            <numerusform>%n en Pending</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a component to see its pods, its metrics and its recent deploys.</source>
        <translation>Selecciona un componente para ver sus pods, sus métricas y sus despliegues recientes.</translation>
    </message>
    <message>
        <source>Nothing is deployed yet.

encliid&apos;s reconciler deploys the ecosystem wave by wave: the platform first, then the apps. Their components appear here as they are applied.</source>
        <translation>Aún no hay nada desplegado.

El reconciliador de encliid despliega el ecosistema ola a ola: primero la plataforma, luego las apps. Sus componentes aparecen aquí a medida que se aplican.</translation>
    </message>
    <message>
        <source>encliid refused the sign-in for the deployments.

%1

Sign in again (Console &gt; Sign in…).</source>
        <translation>encliid rechazó el inicio de sesión para los despliegues.

%1

Vuelve a iniciar sesión (Consola &gt; Iniciar sesión…).</translation>
    </message>
    <message>
        <source>You may not see the deployments.

encliid answered 403: reading deployments needs the catalog.read permission. Ask an admin for a role that has it.

%1</source>
        <translation>No puedes ver los despliegues.

encliid respondió 403: leer los despliegues requiere el permiso catalog.read. Pide a un administrador un rol que lo tenga.

%1</translation>
    </message>
    <message>
        <source>This encliid does not report deployments yet.

%1

Update the daemon to follow the cluster here.</source>
        <translation>Este encliid aún no informa de despliegues.

%1

Actualiza el demonio para seguir el clúster aquí.</translation>
    </message>
    <message>
        <source>Could not load the deployments.

%1

The console tries again shortly.</source>
        <translation>No se pudieron cargar los despliegues.

%1

La consola lo vuelve a intentar en breve.</translation>
    </message>
    <message>
        <source>You may not see the pods of %1: reading them needs the catalog.read permission in its project. Ask an admin or the project&apos;s owner.</source>
        <translation>No puedes ver los pods de %1: leerlos requiere el permiso catalog.read en su proyecto. Pídeselo a un administrador o al responsable del proyecto.</translation>
    </message>
    <message>
        <source>encliid no longer knows %1: it may have been removed from the ecosystem.</source>
        <translation>encliid ya no conoce %1: puede que se haya quitado del ecosistema.</translation>
    </message>
    <message>
        <source>Could not load the details of %1: %2</source>
        <translation>No se pudieron cargar los detalles de %1: %2</translation>
    </message>
    <message>
        <source>this encliid keeps no metrics</source>
        <translation>este encliid no guarda métricas</translation>
    </message>
    <message>
        <source>reading metrics needs catalog.read</source>
        <translation>leer las métricas requiere catalog.read</translation>
    </message>
    <message>
        <source>could not load (%1)</source>
        <translation>no se pudieron cargar (%1)</translation>
    </message>
    <message>
        <source>Loading the deployments from %1…</source>
        <translation>Cargando los despliegues desde %1…</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>cargando…</translation>
    </message>
    <message numerus="yes">
        <source>%n component(s)</source>
        <translation>
            <numerusform>%n componente</numerusform>
            <numerusform>%n componentes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ready</source>
        <translation>
            <numerusform>%n listo</numerusform>
            <numerusform>%n listos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n progressing</source>
        <translation>
            <numerusform>%n en progreso</numerusform>
            <numerusform>%n en progreso</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pendiente</numerusform>
            <numerusform>%n pendientes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n degraded</source>
        <translation>
            <numerusform>%n degradado</numerusform>
            <numerusform>%n degradados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fallido</numerusform>
            <numerusform>%n fallidos</numerusform>
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
        <translation>Clúster simulado.</translation>
    </message>
    <message>
        <source>encliid deploys into its built-in simulation: pods, nodes and metrics are generated, not measured on real machines.</source>
        <translation>encliid despliega en su simulación integrada: los pods, los nodos y las métricas se generan, no se miden en máquinas reales.</translation>
    </message>
    <message>
        <source>Server: %1.</source>
        <translation>Servidor: %1.</translation>
    </message>
    <message>
        <source>Reconciling: %1.</source>
        <translation>Reconcilia: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n replica(s) ready</source>
        <translation>
            <numerusform>%1 de %n réplica lista</numerusform>
            <numerusform>%1 de %n réplicas listas</numerusform>
        </translation>
    </message>
    <message>
        <source>app %1</source>
        <translation>app %1</translation>
    </message>
    <message>
        <source>namespace %1</source>
        <translation>namespace %1</translation>
    </message>
    <message>
        <source>wave %1</source>
        <translation>ola %1</translation>
    </message>
    <message>
        <source>release #%1 &lt;code&gt;%2&lt;/code&gt;</source>
        <translation>versión n.º %1 &lt;code&gt;%2&lt;/code&gt;</translation>
    </message>
    <message>
        <source>no release yet</source>
        <translation>aún sin versión</translation>
    </message>
    <message>
        <source>applied %1 ago</source>
        <translation>aplicado hace %1</translation>
    </message>
    <message>
        <source>Last drift %1 ago: %2</source>
        <translation>Última deriva hace %1: %2</translation>
    </message>
    <message>
        <source>Pod %1 is Pending: %2</source>
        <translation>El pod %1 está en Pending: %2</translation>
    </message>
    <message>
        <source>no samples yet</source>
        <translation>aún sin muestras</translation>
    </message>
</context>
<context>
    <name>enclii::ui::DeploymentTreeModel</name>
    <message>
        <source>App / component</source>
        <translation>App / componente</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listas</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Versión</translation>
    </message>
    <message numerus="yes">
        <source>%n component(s)</source>
        <translation>
            <numerusform>%n componente</numerusform>
            <numerusform>%n componentes</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>n.º %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>%1 in %2 (%3)</source>
        <translation>%1 en %2 (%3)</translation>
    </message>
    <message>
        <source>Wave: %1</source>
        <translation>Ola: %1</translation>
    </message>
    <message>
        <source>Replicas: %1 ready, %2 up to date, %3 available, %4 desired</source>
        <translation>Réplicas: %1 listas, %2 actualizadas, %3 disponibles, %4 deseadas</translation>
    </message>
</context>
<context>
    <name>enclii::ui::DeploymentsClient</name>
    <message>
        <source>GET %1: the answer is not a JSON object (%2)</source>
        <translation>GET %1: la respuesta no es un objeto JSON (%2)</translation>
    </message>
    <message>
        <source>GET %1: the answer has no &quot;items&quot; list</source>
        <translation>GET %1: la respuesta no tiene una lista &quot;items&quot;</translation>
    </message>
    <message>
        <source>GET %1: the answer is about another service</source>
        <translation>GET %1: la respuesta habla de otro servicio</translation>
    </message>
</context>
<context>
    <name>enclii::ui::EcosystemModel</name>
    <message>
        <source>Repository</source>
        <translation>Repositorio</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Infrastructure</source>
        <translation>Infraestructura</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Biblioteca</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>&quot;nodes&quot; is missing or not a list</source>
        <translation>«nodes» falta o no es una lista</translation>
    </message>
    <message>
        <source>nodes[%1] has no id or name</source>
        <translation>nodes[%1] no tiene id ni nombre</translation>
    </message>
    <message>
        <source>nodes[%1] repeats the id %2</source>
        <translation>nodes[%1] repite el id %2</translation>
    </message>
    <message>
        <source>edges[%1] joins unknown nodes (%2 -&gt; %3)</source>
        <translation>edges[%1] une nodos desconocidos (%2 -&gt; %3)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Domain / provider</source>
        <translation>Dominio / proveedor</translation>
    </message>
</context>
<context>
    <name>enclii::ui::EventFeedModel</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Qué pasó</translation>
    </message>
</context>
<context>
    <name>enclii::ui::EventStream</name>
    <message>
        <source>encliid closed the event stream</source>
        <translation>encliid cerró el flujo de eventos</translation>
    </message>
    <message>
        <source>the event stream was silent for %1 s</source>
        <translation>el flujo de eventos estuvo en silencio durante %1 s</translation>
    </message>
    <message>
        <source>the event stream broke: %1</source>
        <translation>el flujo de eventos se cortó: %1</translation>
    </message>
</context>
<context>
    <name>enclii::ui::FollowMode</name>
    <message>
        <source>no event stream</source>
        <translation>sin flujo de eventos</translation>
    </message>
</context>
<context>
    <name>enclii::ui::MainWindow</name>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Dashboards</source>
        <translation>Paneles</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Presupuestos</translation>
    </message>
    <message>
        <source>Canary</source>
        <translation>Canary</translation>
    </message>
    <message>
        <source>Waybill</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <source>Enclii Console</source>
        <translation>Consola de Enclii</translation>
    </message>
    <message>
        <source>Rollouts in progress and how their analysis is going.</source>
        <translation>Los despliegues en curso y cómo va su análisis.</translation>
    </message>
    <message>
        <source>Each rollout&apos;s steps (10 % → 50 % → 100 %) and the current traffic weight.</source>
        <translation>Los pasos de cada despliegue (10 % → 50 % → 100 %) y el peso de tráfico actual.</translation>
    </message>
    <message>
        <source>Analysis per step: success rate and p99 latency against the service&apos;s thresholds.</source>
        <translation>El análisis de cada paso: tasa de éxito y latencia p99 frente a los umbrales del servicio.</translation>
    </message>
    <message>
        <source>Promotions and automatic rollbacks, with the measurement that decided them.</source>
        <translation>Promociones y reversiones automáticas, con la medición que las decidió.</translation>
    </message>
    <message>
        <source>What the platform costs and who uses it.</source>
        <translation>Lo que cuesta la plataforma y quién la usa.</translation>
    </message>
    <message>
        <source>Usage events and hourly rollups per project and service.</source>
        <translation>Eventos de uso y agregados por hora de cada proyecto y servicio.</translation>
    </message>
    <message>
        <source>Prices, draft and issued invoices, and their Stripe status.</source>
        <translation>Precios, facturas en borrador y emitidas, y su estado en Stripe.</translation>
    </message>
    <message>
        <source>Monthly platform cost against the $150 target.</source>
        <translation>El coste mensual de la plataforma frente al objetivo de 150 $.</translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation>&amp;Consola</translation>
    </message>
    <message>
        <source>&amp;Connect to…</source>
        <translation>&amp;Conectar con…</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Reconectar</translation>
    </message>
    <message>
        <source>Try the daemon again now and reload the ecosystem</source>
        <translation>Volver a intentarlo con el demonio ahora y recargar el ecosistema</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Enclii Console</source>
        <translation>&amp;Acerca de la consola de Enclii</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando con %1…</translation>
    </message>
    <message>
        <source>Connecting to encliid at %1…</source>
        <translation>Conectando con encliid en %1…</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Conectado a %1</translation>
    </message>
    <message>
        <source>Connected to %1; loading the ecosystem…</source>
        <translation>Conectado a %1; cargando el ecosistema…</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Cannot reach encliid.

%1</source>
        <translation>No se puede contactar con encliid.

%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 — retrying in %n s</source>
        <translation>
            <numerusform>%1 — reintento en %n s</numerusform>
            <numerusform>%1 — reintento en %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cannot reach encliid.

%1

Retrying in %n s.</source>
        <translation>
            <numerusform>No se puede contactar con encliid.

%1

Reintento en %n s.</numerusform>
            <numerusform>No se puede contactar con encliid.

%1

Reintento en %n s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enclii Console — %1</source>
        <translation>Consola de Enclii — %1</translation>
    </message>
    <message>
        <source>%1 nodes, %2 edges · updated %3</source>
        <translation>%1 nodos, %2 conexiones · actualizado a las %3</translation>
    </message>
    <message numerus="yes">
        <source>The ecosystem had %n entry(ies) the console could not read; hover the counts for details.</source>
        <translation>
            <numerusform>El ecosistema tenía %n entrada que la consola no pudo leer; pasa el ratón sobre los totales para ver los detalles.</numerusform>
            <numerusform>El ecosistema tenía %n entradas que la consola no pudo leer; pasa el ratón sobre los totales para ver los detalles.</numerusform>
        </translation>
    </message>
    <message>
        <source>encliid answered, but its ecosystem has no nodes to draw.</source>
        <translation>encliid respondió, pero su ecosistema no tiene nodos que dibujar.</translation>
    </message>
    <message>
        <source>Could not load the ecosystem: %1</source>
        <translation>No se pudo cargar el ecosistema: %1</translation>
    </message>
    <message>
        <source>Could not load the ecosystem.

%1

The console tries again shortly.</source>
        <translation>No se pudo cargar el ecosistema.

%1

La consola lo volverá a intentar en breve.</translation>
    </message>
    <message>
        <source>About Enclii Console</source>
        <translation>Acerca de la consola de Enclii</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Enclii Console %1&lt;/h3&gt;&lt;p&gt;The desktop console of Enclii, a self-hosted PaaS control plane. It reads everything from encliid&apos;s REST API.&lt;/p&gt;&lt;p&gt;Enclii deploys Enclii. Janua authenticates Janua.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Consola de Enclii %1&lt;/h3&gt;&lt;p&gt;La consola de escritorio de Enclii, un plano de control PaaS autoalojado. Lo lee todo de la API REST de encliid.&lt;/p&gt;&lt;p&gt;Enclii despliega Enclii. Janua autentica a Janua.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>El del sistema</translation>
    </message>
    <message>
        <source>The new language applies the next time the console starts.</source>
        <translation>El nuevo idioma se aplicará la próxima vez que se inicie la consola.</translation>
    </message>
    <message>
        <source>Sign in to see the map</source>
        <translation>Inicia sesión para ver el mapa</translation>
    </message>
    <message>
        <source>Sign in to see the pipeline</source>
        <translation>Inicia sesión para ver el pipeline</translation>
    </message>
    <message>
        <source>Sign in to see the dashboards</source>
        <translation>Inicia sesión para ver los paneles</translation>
    </message>
    <message>
        <source>Sign in to see the budgets</source>
        <translation>Inicia sesión para ver los presupuestos</translation>
    </message>
    <message>
        <source>Sign in to see the rollouts</source>
        <translation>Inicia sesión para ver los despliegues</translation>
    </message>
    <message>
        <source>Sign in to see costs and usage</source>
        <translation>Inicia sesión para ver costes y uso</translation>
    </message>
    <message>
        <source>Signed out: %1</source>
        <translation>Sesión cerrada: %1</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation>No se pudo iniciar sesión: %1</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Sesión cerrada.</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Promover</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Abortar</translation>
    </message>
    <message>
        <source>No rollout selected: encliid does not serve rollouts to the console yet.</source>
        <translation>Ningún despliegue seleccionado: encliid aún no sirve los despliegues a la consola.</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>I&amp;niciar sesión…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>C&amp;errar sesión</translation>
    </message>
    <message>
        <source>Cancel sign-&amp;in</source>
        <translation>Cancelar i&amp;nicio de sesión</translation>
    </message>
    <message>
        <source>Sign-in is off on this daemon</source>
        <translation>El inicio de sesión está desactivado en este demonio</translation>
    </message>
    <message>
        <source>Sign in to encliid with your web browser</source>
        <translation>Iniciar sesión en encliid con tu navegador web</translation>
    </message>
    <message>
        <source>Sign out here and end the session at encliid</source>
        <translation>Cerrar sesión aquí y terminar la sesión en encliid</translation>
    </message>
    <message>
        <source>encliid at %1 serves its API without sign-in.</source>
        <translation>encliid en %1 sirve su API sin inicio de sesión.</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Sesión iniciada como %1</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Sesión iniciada como %1 (%2)</translation>
    </message>
    <message>
        <source>Roles: %1</source>
        <translation>Roles: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>May: %1</source>
        <translation>Puede: %1</translation>
    </message>
    <message>
        <source>nothing globally</source>
        <translation>nada a nivel global</translation>
    </message>
    <message>
        <source>In %1: %2</source>
        <translation>En %1: %2</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Sesión iniciada</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
    <message>
        <source>Checking the saved sign-in…</source>
        <translation>Comprobando la sesión guardada…</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Sin sesión iniciada</translation>
    </message>
    <message>
        <source>Waybill needs the finance or admin role</source>
        <translation>Waybill requiere el rol finance o admin</translation>
    </message>
    <message>
        <source>No rollout selected yet: encliid does not serve rollouts to the console so far.</source>
        <translation>Aún no hay ningún despliegue seleccionado: por ahora encliid no sirve los despliegues a la consola.</translation>
    </message>
    <message>
        <source>Only on-call or admin can promote, pause or abort a rollout</source>
        <translation>Solo on-call o admin pueden promover, pausar o abortar un despliegue</translation>
    </message>
    <message>
        <source>Sign in to act on rollouts</source>
        <translation>Inicia sesión para actuar sobre los despliegues</translation>
    </message>
    <message>
        <source>With the token from --token or ENCLII_TOKEN (not saved); it may allow less than the roles.</source>
        <translation>Con el token de --token o ENCLII_TOKEN (no se guarda); puede permitir menos que los roles.</translation>
    </message>
    <message>
        <source>Waybill needs billing.read, which this token does not allow</source>
        <translation>Waybill requiere billing.read, que este token no permite</translation>
    </message>
    <message>
        <source>Acting on rollouts needs canary.operate, which this token does not allow</source>
        <translation>Actuar sobre los despliegues requiere canary.operate, que este token no permite</translation>
    </message>
</context>
<context>
    <name>enclii::ui::MapLegend</name>
    <message>
        <source>Edges:</source>
        <translation>Conexiones:</translation>
    </message>
    <message>
        <source>%1. Untick to hide these edges.</source>
        <translation>%1. Desmárcalo para ocultar estas conexiones.</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>Nodos:</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · click: details</source>
        <translation>Rueda: zoom · arrastrar: mover · clic: detalles</translation>
    </message>
</context>
<context>
    <name>enclii::ui::MapView</name>
    <message>
        <source>Search by name or domain…</source>
        <translation>Buscar por nombre o dominio…</translation>
    </message>
    <message>
        <source>Matches are highlighted and the first is centred; press Enter for the next one.</source>
        <translation>Las coincidencias se resaltan y la primera se centra; pulsa Intro para ir a la siguiente.</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Show the whole map</source>
        <translation>Mostrar el mapa completo</translation>
    </message>
    <message>
        <source>Waiting for the ecosystem from encliid…</source>
        <translation>Esperando el ecosistema de encliid…</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>sin coincidencias</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n coincidencia</numerusform>
            <numerusform>%n coincidencias</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>enclii::ui::MetricChart</name>
    <message>
        <source>Request</source>
        <translation>Solicitud</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Límite</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Uso</translation>
    </message>
    <message>
        <source>waiting for samples</source>
        <translation>esperando muestras</translation>
    </message>
    <message>
        <source>millicores</source>
        <translation>milinúcleos</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>pet/s</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>pods</source>
        <translation>pods</translation>
    </message>
    <message>
        <source>%1 req/s</source>
        <translation>%1 pet/s</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 · %2 now</source>
        <translation>%1 · %2 ahora</translation>
    </message>
</context>
<context>
    <name>enclii::ui::NodeDetailsPanel</name>
    <message>
        <source>default</source>
        <translation>predeterminado</translation>
    </message>
    <message>
        <source>%1 CPU · %2</source>
        <translation>%1 de CPU · %2</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Click a service, an infrastructure node, a library or a repository&apos;s title to see its spec here.</source>
        <translation>Haz clic en un servicio, un nodo de infraestructura, una biblioteca o el título de un repositorio para ver aquí su especificación.</translation>
    </message>
    <message>
        <source>Values the seed does not give, and encliid filled in with defaults, are marked “default”.</source>
        <translation>Los valores que la semilla no da, y que encliid completó con valores predeterminados, se marcan como «predeterminado».</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repositorio</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>%1 (TLS)</source>
        <translation>%1 (TLS)</translation>
    </message>
    <message>
        <source>Domains</source>
        <translation>Dominios</translation>
    </message>
    <message>
        <source>none (not exposed)</source>
        <translation>ninguno (no expuesto)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Réplicas</translation>
    </message>
    <message>
        <source>%1 to %2 replicas</source>
        <translation>de %1 a %2 réplicas</translation>
    </message>
    <message>
        <source>CPU %1 %</source>
        <translation>CPU %1 %</translation>
    </message>
    <message>
        <source>memory %1 %</source>
        <translation>memoria %1 %</translation>
    </message>
    <message>
        <source>target %1</source>
        <translation>objetivo: %1</translation>
    </message>
    <message>
        <source>Autoscaling</source>
        <translation>Autoescalado</translation>
    </message>
    <message>
        <source>off (fixed replicas)</source>
        <translation>desactivado (réplicas fijas)</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Solicitudes</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Límites</translation>
    </message>
    <message>
        <source>At min–max</source>
        <translation>En mín.–máx.</translation>
    </message>
    <message>
        <source>%1 – %2 CPU requested</source>
        <translation>%1 – %2 de CPU solicitada</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Recursos</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>sin indicar</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Despliegue</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>Oleada</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Dependencies</source>
        <translation>Dependencias</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Defaults filled in by encliid (not in the seed):</source>
        <translation>Valores predeterminados que completó encliid (no están en la semilla):</translation>
    </message>
    <message>
        <source>Every value comes from the seed.</source>
        <translation>Todos los valores vienen de la semilla.</translation>
    </message>
    <message>
        <source>Deployed</source>
        <translation>Se despliega</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Componentes</translation>
    </message>
    <message>
        <source>Auth</source>
        <translation>Autenticación</translation>
    </message>
    <message>
        <source>Depends on</source>
        <translation>Depende de</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Hosting</source>
        <translation>Alojamiento</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>Lo usan</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>Contiene</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Conexiones</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>Usa</translation>
    </message>
    <message>
        <source>Ecosystem</source>
        <translation>Ecosistema</translation>
    </message>
    <message>
        <source>Repositories</source>
        <translation>Repositorios</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Servicios</translation>
    </message>
    <message>
        <source>Infrastructure</source>
        <translation>Infraestructura</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>Bibliotecas</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>Niveles</translation>
    </message>
    <message numerus="yes">
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n servicio</numerusform>
            <numerusform>%n servicios</numerusform>
        </translation>
    </message>
    <message>
        <source>not deployed</source>
        <translation>no se despliega</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>Nivel %1</translation>
    </message>
    <message numerus="yes">
        <source>%n service(s) use values the seed does not give; select one to see which are defaults.</source>
        <translation>
            <numerusform>%n servicio usa valores que la semilla no da; selecciónalo para ver cuáles son predeterminados.</numerusform>
            <numerusform>%n servicios usan valores que la semilla no da; selecciona uno para ver cuáles son predeterminados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Click a node or a repository&apos;s title to see its spec and connections here.</source>
        <translation>Haz clic en un nodo o en el título de un repositorio para ver aquí su especificación y sus conexiones.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
</context>
<context>
    <name>enclii::ui::PipelineView</name>
    <message>
        <source>Cancel build</source>
        <translation>Cancelar build</translation>
    </message>
    <message>
        <source>Retry build</source>
        <translation>Reintentar build</translation>
    </message>
    <message>
        <source>Could not read the log: %1</source>
        <translation>No se pudo leer el log: %1</translation>
    </message>
    <message>
        <source>All apps</source>
        <translation>Todas las apps</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>Queued or running</source>
        <translation>En cola o en curso</translation>
    </message>
    <message>
        <source>App:</source>
        <translation>App:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Estado:</translation>
    </message>
    <message numerus="yes">
        <source>Log · %n line(s) · the %1 earliest not kept</source>
        <translation>
            <numerusform>Log · %n línea · las %1 primeras no se conservan</numerusform>
            <numerusform>Log · %n líneas · las %1 primeras no se conservan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Log · %n line(s)</source>
        <translation>
            <numerusform>Log · %n línea</numerusform>
            <numerusform>Log · %n líneas</numerusform>
        </translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>No log lines for this build yet.</source>
        <translation>Esta build aún no tiene líneas de log.</translation>
    </message>
    <message>
        <source>Select a build to follow its stages and its log.</source>
        <translation>Selecciona una build para seguir sus etapas y su log.</translation>
    </message>
    <message>
        <source>No builds yet.

Roundhouse builds a service when its repository&apos;s webhook reports a push, or when someone with builds.trigger starts one. They appear here as they happen.</source>
        <translation>Aún no hay builds.

Roundhouse construye un servicio cuando el webhook de su repositorio informa de un push, o cuando alguien con builds.trigger lanza una. Aparecen aquí a medida que ocurren.</translation>
    </message>
    <message>
        <source>encliid refused the sign-in for the builds.

%1

Sign in again (Console &gt; Sign in…).</source>
        <translation>encliid rechazó el inicio de sesión para las builds.

%1

Vuelve a iniciar sesión (Consola &gt; Iniciar sesión…).</translation>
    </message>
    <message>
        <source>You may not see the builds.

encliid answered 403: reading builds needs the catalog.read permission. Ask an admin for a role that has it.

%1</source>
        <translation>No puedes ver las builds.

encliid respondió 403: leer las builds requiere el permiso catalog.read. Pide a un administrador un rol que lo tenga.

%1</translation>
    </message>
    <message>
        <source>This encliid does not serve builds yet.

%1

Update the daemon to follow the pipeline here.</source>
        <translation>Este encliid todavía no sirve builds.

%1

Actualiza el daemon para seguir el pipeline aquí.</translation>
    </message>
    <message>
        <source>Could not load the builds.

%1

The console tries again shortly.</source>
        <translation>No se pudieron cargar las builds.

%1

La consola lo intentará de nuevo en breve.</translation>
    </message>
    <message>
        <source>Build #%1: cancel requested.</source>
        <translation>Build #%1: cancelación solicitada.</translation>
    </message>
    <message>
        <source>Build #%1 is queued again.</source>
        <translation>La build #%1 vuelve a estar en cola.</translation>
    </message>
    <message>
        <source>You lack the role to cancel builds in %1: it takes the builds.trigger permission. Ask an admin or the project&apos;s owner.</source>
        <translation>No tienes el rol para cancelar builds en %1: hace falta el permiso builds.trigger. Pídelo a un administrador o al propietario del proyecto.</translation>
    </message>
    <message>
        <source>You lack the role to retry builds in %1: it takes the builds.trigger permission. Ask an admin or the project&apos;s owner.</source>
        <translation>No tienes el rol para reintentar builds en %1: hace falta el permiso builds.trigger. Pídelo a un administrador o al propietario del proyecto.</translation>
    </message>
    <message>
        <source>Could not cancel build #%1: %2</source>
        <translation>No se pudo cancelar la build #%1: %2</translation>
    </message>
    <message>
        <source>Could not retry build #%1: %2</source>
        <translation>No se pudo reintentar la build #%1: %2</translation>
    </message>
    <message>
        <source>Loading the builds from %1…</source>
        <translation>Cargando las builds desde %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n en curso</numerusform>
            <numerusform>%n en curso</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation>
            <numerusform>%n en cola</numerusform>
            <numerusform>%n en cola</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n succeeded</source>
        <translation>
            <numerusform>%n correcta</numerusform>
            <numerusform>%n correctas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fallida</numerusform>
            <numerusform>%n fallidas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n build(s)</source>
        <translation>
            <numerusform>%1 de %n build</numerusform>
            <numerusform>%1 de %n builds</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · build #%2</source>
        <translation>%1 · build #%2</translation>
    </message>
    <message>
        <source>commit &lt;code&gt;%1&lt;/code&gt; on %2</source>
        <translation>commit &lt;code&gt;%1&lt;/code&gt; en %2</translation>
    </message>
    <message>
        <source>attempt %1 of %2</source>
        <translation>intento %1 de %2</translation>
    </message>
    <message>
        <source>app %1</source>
        <translation>app %1</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>en %1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Último error: %1</translation>
    </message>
    <message>
        <source>Not pushed yet</source>
        <translation>Aún no publicada</translation>
    </message>
    <message>
        <source>Release #%1</source>
        <translation>Versión #%1</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>No SBOM yet</source>
        <translation>Aún sin SBOM</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n package(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n paquete&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n paquetes&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n licence(s)</source>
        <translation>
            <numerusform>%n licencia</numerusform>
            <numerusform>%n licencias</numerusform>
        </translation>
    </message>
    <message>
        <source>SBOM</source>
        <translation>SBOM</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>clave %1</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Cancelling and retrying builds takes the builds.trigger permission, which you do not have here.</source>
        <translation>Cancelar y reintentar builds requiere el permiso builds.trigger, que aquí no tienes.</translation>
    </message>
    <message>
        <source>Stop this build; a running step is interrupted.</source>
        <translation>Detiene esta build; el paso en curso se interrumpe.</translation>
    </message>
    <message>
        <source>Only a queued or running build can be cancelled.</source>
        <translation>Solo se puede cancelar una build en cola o en curso.</translation>
    </message>
    <message>
        <source>Queue this build again, from the same commit.</source>
        <translation>Vuelve a poner esta build en cola, desde el mismo commit.</translation>
    </message>
    <message>
        <source>Only a failed or cancelled build can be retried.</source>
        <translation>Solo se puede reintentar una build fallida o cancelada.</translation>
    </message>
</context>
<context>
    <name>enclii::ui::PlaceholderView</name>
    <message>
        <source>This screen will show:</source>
        <translation>Esta pantalla mostrará:</translation>
    </message>
    <message>
        <source>Not available yet: encliid does not serve this data to the console so far.</source>
        <translation>Aún no disponible: por ahora encliid no ofrece estos datos a la consola.</translation>
    </message>
</context>
<context>
    <name>enclii::ui::PodTableModel</name>
    <message>
        <source>Pod</source>
        <translation>Pod</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Reinicios</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nodo</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Running, not ready</source>
        <translation>En ejecución, no listo</translation>
    </message>
    <message>
        <source>unscheduled</source>
        <translation>sin programar</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>enclii::ui::ScreenStack</name>
    <message>
        <source>Connecting to encliid at %1…</source>
        <translation>Conectando con encliid en %1…</translation>
    </message>
    <message>
        <source>Cannot reach encliid at %1.

%2

The console keeps trying.</source>
        <translation>No se puede contactar con encliid en %1.

%2

La consola sigue intentándolo.</translation>
    </message>
    <message>
        <source>Cannot reach encliid.

%1

The console keeps trying.</source>
        <translation>No se puede contactar con encliid.

%1

La consola sigue intentándolo.</translation>
    </message>
    <message>
        <source>Could not refresh: %1</source>
        <translation>No se pudo actualizar: %1</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En vivo</translation>
    </message>
    <message>
        <source>Connecting to the event stream…</source>
        <translation>Conectando con el flujo de eventos…</translation>
    </message>
    <message numerus="yes">
        <source>Refreshing every %n s (no event stream)</source>
        <translation>
            <numerusform>Actualizando cada %n s (sin flujo de eventos)</numerusform>
            <numerusform>Actualizando cada %n s (sin flujo de eventos)</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
</context>
<context>
    <name>enclii::ui::ScreenshotRunner</name>
    <message>
        <source>no answer</source>
        <translation>sin respuesta</translation>
    </message>
    <message>
        <source>No data from encliid at %1 within %2 s: %3</source>
        <translation>Sin datos de encliid en %1 en %2 s: %3</translation>
    </message>
    <message>
        <source>No window to capture</source>
        <translation>No hay ventana que capturar</translation>
    </message>
    <message>
        <source>the ecosystem has no nodes</source>
        <translation>el ecosistema no tiene nodos</translation>
    </message>
    <message>
        <source>The window went away before the capture</source>
        <translation>La ventana se cerró antes de la captura</translation>
    </message>
    <message>
        <source>Could not render the window</source>
        <translation>No se pudo dibujar la ventana</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>encliid wants a sign-in; give a token with --token or ENCLII_TOKEN, or sign in once with the console (the screenshot then uses the saved session)</source>
        <translation>encliid exige iniciar sesión; da un token con --token o ENCLII_TOKEN, o inicia sesión una vez con la consola (la captura usará entonces la sesión guardada)</translation>
    </message>
    <message>
        <source>encliid at %1 refused the sign-in: %2</source>
        <translation>encliid en %1 rechazó la sesión: %2</translation>
    </message>
</context>
<context>
    <name>enclii::ui::Session</name>
    <message>
        <source>You can close this tab and return to Enclii.</source>
        <translation>Puedes cerrar esta pestaña y volver a Enclii.</translation>
    </message>
    <message numerus="yes">
        <source>No answer from the browser within %n minute(s); the sign-in was given up.</source>
        <translation>
            <numerusform>Sin respuesta del navegador en %n minuto; se abandonó el inicio de sesión.</numerusform>
            <numerusform>Sin respuesta del navegador en %n minutos; se abandonó el inicio de sesión.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign-in is off on this daemon.</source>
        <translation>El inicio de sesión está desactivado en este demonio.</translation>
    </message>
    <message>
        <source>Could not ask encliid how to sign in (%1): %2</source>
        <translation>No se pudo preguntar a encliid cómo iniciar sesión (%1): %2</translation>
    </message>
    <message>
        <source>encliid answered an unknown sign-in mode &quot;%1&quot;.</source>
        <translation>encliid respondió con un modo de inicio de sesión desconocido «%1».</translation>
    </message>
    <message>
        <source>encliid signs in through an external provider but does not say which.</source>
        <translation>encliid inicia sesión mediante un proveedor externo, pero no dice cuál.</translation>
    </message>
    <message>
        <source>Could not read the sign-in provider&apos;s metadata (%1): %2</source>
        <translation>No se pudieron leer los metadatos del proveedor de inicio de sesión (%1): %2</translation>
    </message>
    <message>
        <source>The sign-in provider&apos;s metadata lacks its issuer or endpoints (%1).</source>
        <translation>A los metadatos del proveedor de inicio de sesión les falta el emisor o los endpoints (%1).</translation>
    </message>
    <message>
        <source>The sign-in provider calls itself %1, but encliid names %2.</source>
        <translation>El proveedor de inicio de sesión se identifica como %1, pero encliid indica %2.</translation>
    </message>
    <message>
        <source>The sign-in provider does not support PKCE with S256.</source>
        <translation>El proveedor de inicio de sesión no admite PKCE con S256.</translation>
    </message>
    <message>
        <source>Could not read the saved sign-in from the system keychain: %1</source>
        <translation>No se pudo leer la sesión guardada del llavero del sistema: %1</translation>
    </message>
    <message>
        <source>Cannot listen on 127.0.0.1 for the browser&apos;s answer: %1</source>
        <translation>No se puede escuchar en 127.0.0.1 la respuesta del navegador: %1</translation>
    </message>
    <message>
        <source>Could not open a web browser. Open this address to sign in: %1</source>
        <translation>No se pudo abrir un navegador web. Abre esta dirección para iniciar sesión: %1</translation>
    </message>
    <message>
        <source>The sign-in was cancelled in the console.</source>
        <translation>El inicio de sesión se canceló en la consola.</translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation>Petición demasiado grande</translation>
    </message>
    <message>
        <source>This address only takes the sign-in answer.</source>
        <translation>Esta dirección solo acepta la respuesta del inicio de sesión.</translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation>Petición incorrecta</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>Method not allowed</source>
        <translation>Método no permitido</translation>
    </message>
    <message>
        <source>Sign-in already answered</source>
        <translation>Inicio de sesión ya respondido</translation>
    </message>
    <message>
        <source>This sign-in has already been answered.</source>
        <translation>Este inicio de sesión ya ha recibido su respuesta.</translation>
    </message>
    <message>
        <source>The browser&apos;s answer does not belong to this sign-in (the state does not match), so nothing was exchanged. Try signing in again.</source>
        <translation>La respuesta del navegador no pertenece a este inicio de sesión (el state no coincide), así que no se intercambió nada. Vuelve a iniciar sesión.</translation>
    </message>
    <message>
        <source>The answer comes from %1, not from the provider this sign-in asked (%2).</source>
        <translation>La respuesta viene de %1, no del proveedor al que preguntó este inicio de sesión (%2).</translation>
    </message>
    <message>
        <source>The sign-in was refused: %1</source>
        <translation>Se rechazó el inicio de sesión: %1</translation>
    </message>
    <message>
        <source>The provider could not sign you in: %1</source>
        <translation>El proveedor no pudo iniciar tu sesión: %1</translation>
    </message>
    <message>
        <source>The browser&apos;s answer carries no authorization code.</source>
        <translation>La respuesta del navegador no trae código de autorización.</translation>
    </message>
    <message>
        <source>Signed in to Enclii</source>
        <translation>Sesión iniciada en Enclii</translation>
    </message>
    <message>
        <source>The console has your sign-in.</source>
        <translation>La consola ya tiene tu sesión.</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>No se pudo iniciar sesión</translation>
    </message>
    <message>
        <source>The provider did not sign you in: %1</source>
        <translation>El proveedor no inició tu sesión: %1</translation>
    </message>
    <message>
        <source>The provider&apos;s answer has no ID token.</source>
        <translation>La respuesta del proveedor no trae token de ID.</translation>
    </message>
    <message>
        <source>The ID token does not fit this sign-in: %1</source>
        <translation>El token de ID no corresponde a este inicio de sesión: %1</translation>
    </message>
    <message>
        <source>no answer from %1 in time</source>
        <translation>sin respuesta de %1 a tiempo</translation>
    </message>
    <message>
        <source>the token endpoint&apos;s answer has no access token</source>
        <translation>la respuesta del endpoint de tokens no trae token de acceso</translation>
    </message>
    <message>
        <source>the token type is &quot;%1&quot;, not Bearer</source>
        <translation>el tipo de token es «%1», no Bearer</translation>
    </message>
    <message>
        <source>it is not a JWT</source>
        <translation>no es un JWT</translation>
    </message>
    <message>
        <source>it was issued by &quot;%1&quot;, not by &quot;%2&quot;</source>
        <translation>lo emitió «%1», no «%2»</translation>
    </message>
    <message>
        <source>it is meant for &quot;%1&quot;, not for %2</source>
        <translation>está destinado a «%1», no a %2</translation>
    </message>
    <message>
        <source>it has several audiences and its authorized party is not %1</source>
        <translation>tiene varias audiencias y su parte autorizada no es %1</translation>
    </message>
    <message>
        <source>its nonce is not the one this sign-in sent</source>
        <translation>su nonce no es el que envió este inicio de sesión</translation>
    </message>
    <message>
        <source>its nonce is not the one of the original sign-in</source>
        <translation>su nonce no es el del inicio de sesión original</translation>
    </message>
    <message>
        <source>it has no expiry</source>
        <translation>no tiene caducidad</translation>
    </message>
    <message>
        <source>it expired at %1</source>
        <translation>caducó el %1</translation>
    </message>
    <message>
        <source>it names no subject</source>
        <translation>no indica ningún sujeto</translation>
    </message>
    <message>
        <source>it is for another user</source>
        <translation>es de otro usuario</translation>
    </message>
    <message>
        <source>the new ID token does not fit: %1</source>
        <translation>el nuevo token de ID no corresponde: %1</translation>
    </message>
    <message>
        <source>The sign-in could not be renewed: %1</source>
        <translation>No se pudo renovar la sesión: %1</translation>
    </message>
    <message>
        <source>Could not renew the sign-in: %1</source>
        <translation>No se pudo renovar la sesión por ahora: %1</translation>
    </message>
    <message>
        <source>Signed in, but could not load your roles: %1</source>
        <translation>Sesión iniciada, pero no se pudieron cargar tus roles: %1</translation>
    </message>
    <message>
        <source>The provider offers no way to revoke the session; it stays valid at the provider until it expires.</source>
        <translation>El proveedor no ofrece forma de revocar la sesión; sigue siendo válida en el proveedor hasta que caduque.</translation>
    </message>
    <message>
        <source>Could not delete the saved sign-in from the system keychain: %1</source>
        <translation>No se pudo borrar la sesión guardada del llavero del sistema: %1</translation>
    </message>
    <message>
        <source>Signed out here, but the provider could not be told: %1</source>
        <translation>Sesión cerrada aquí, pero no se pudo avisar al proveedor: %1</translation>
    </message>
    <message>
        <source>Could not keep the sign-in in the system keychain (%1); you will have to sign in again next time.</source>
        <translation>No se pudo guardar la sesión en el llavero del sistema (%1); la próxima vez tendrás que iniciar sesión de nuevo.</translation>
    </message>
    <message>
        <source>encliid refused the token given with --token or ENCLII_TOKEN (expired, revoked, or not for this daemon).</source>
        <translation>encliid rechazó el token dado con --token o ENCLII_TOKEN (caducado, revocado o de otro demonio).</translation>
    </message>
</context>
<context>
    <name>enclii::ui::SignInPrompt</name>
    <message>
        <source>encliid at %1 wants to know who you are before it shows anything. Sign in with your web browser; the console keeps the session in your system keychain.</source>
        <translation>encliid en %1 quiere saber quién eres antes de mostrar nada. Inicia sesión con tu navegador web; la consola guarda la sesión en el llavero del sistema.</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Iniciar sesión…</translation>
    </message>
    <message>
        <source>Finish signing in in your web browser; this screen fills in by itself.</source>
        <translation>Termina de iniciar sesión en tu navegador web; esta pantalla se completará sola.</translation>
    </message>
    <message>
        <source>If no browser opened, open this address:</source>
        <translation>Si no se abrió ningún navegador, abre esta dirección:</translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <translation>Cancelar el inicio de sesión</translation>
    </message>
    <message>
        <source>Checking your saved sign-in with encliid at %1…</source>
        <translation>Comprobando tu sesión guardada con encliid en %1…</translation>
    </message>
</context>
<context>
    <name>enclii::ui::WaveStrip</name>
    <message>
        <source>%1 · %2 of %3 ready</source>
        <translation>%1 · %2 de %3 listos</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>plazo %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>encliid has not reported its deploy waves yet</source>
        <translation>encliid aún no ha informado de sus olas de despliegue</translation>
    </message>
    <message>
        <source>Wave %1 · %2</source>
        <translation>Ola %1 · %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Desktop console for the Enclii control plane (encliid).</source>
        <translation>Consola de escritorio del plano de control de Enclii (encliid).</translation>
    </message>
    <message>
        <source>Daemon base URL for this session (the saved one is left alone).</source>
        <translation>URL base del demonio para esta sesión (la guardada no se toca).</translation>
    </message>
    <message>
        <source>Render a screen to a PNG file once its data has loaded, then exit.</source>
        <translation>Dibuja una pantalla en un archivo PNG cuando sus datos se han cargado, y sale.</translation>
    </message>
    <message>
        <source>Screen to open: %1.</source>
        <translation>Pantalla que abrir: %1.</translation>
    </message>
    <message>
        <source>Interface language, e.g. es or en (default: ui/language setting, then the system&apos;s).</source>
        <translation>Idioma de la interfaz, p. ej. es o en (por defecto: el ajuste ui/language y luego el del sistema).</translation>
    </message>
    <message>
        <source>Seconds --screenshot waits for data (default 20).</source>
        <translation>Segundos que --screenshot espera los datos (por defecto 20).</translation>
    </message>
    <message>
        <source>not a usable daemon URL: %1</source>
        <translation>no es una URL de demonio válida: %1</translation>
    </message>
    <message>
        <source>unknown view &quot;%1&quot;; use one of: %2</source>
        <translation>vista «%1» desconocida; usa una de: %2</translation>
    </message>
    <message>
        <source>--timeout needs a positive number of seconds</source>
        <translation>--timeout necesita un número de segundos positivo</translation>
    </message>
    <message>
        <source>Use this bearer token instead of signing in: an API token (enclii_pat_…) or an access token. It is not stored anywhere. The environment variable ENCLII_TOKEN does the same without showing the token to other users of this machine.</source>
        <translation>Usa este token de portador en lugar de iniciar sesión: un token de API (enclii_pat_…) o un token de acceso. No se guarda en ningún sitio. La variable de entorno ENCLII_TOKEN hace lo mismo sin mostrar el token a otros usuarios de esta máquina.</translation>
    </message>
    <message>
        <source>--token needs a token</source>
        <translation>--token necesita un token</translation>
    </message>
</context>
</TS>
