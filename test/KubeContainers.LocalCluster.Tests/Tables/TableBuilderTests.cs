using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Tables;

namespace KubeContainers.LocalCluster.Tests.Tables;

[ClusterTest]
public sealed class TableBuilderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-01-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static string[] Headers(JsonObject table) =>
        table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToArray();

    private static string Cells(JsonObject table, int row = 0) => table["rows"]![row]!["cells"]!.ToJsonString();

    private static JsonObject Build(string group, string kind, string obj, IReadOnlyList<PrinterColumn>? columns = null, string include = "Metadata") =>
        TableBuilder.Build([Obj(obj)], group, kind, columns, include, Now, "42", "next");

    [Fact]
    public void CustomResourcesGetNameThenTheirPrinterColumns()
    {
        var columns = new List<PrinterColumn>
        {
            new("Phase", "string", ".status.phase"),
            new("Port", "integer", ".spec.port", "The port", 1),
            new("Ready", "boolean", ".status.ready"),
            new("Started", "date", ".status.startedAt"),
            new("Image", "string", ".spec.containers[*].image"),
            new("Missing", "string", ".status.nothing"),
        };
        var table = Build("kc.io", "ManagedContainer", """
            {"metadata":{"name":"mc","creationTimestamp":"2025-01-01T11:00:00Z"},
             "spec":{"port":8080,"containers":[{"image":"a"},{"image":"b"}]},
             "status":{"phase":"Running","ready":true,"startedAt":"2025-01-01T11:55:00Z"}}
            """, columns);

        table["kind"]!.GetValue<string>().ShouldBe("Table");
        table["apiVersion"]!.GetValue<string>().ShouldBe("meta.k8s.io/v1");
        table["metadata"]!.ToJsonString().ShouldBe("""{"resourceVersion":"42","continue":"next"}""");
        Headers(table).ShouldBe(["Name", "Phase", "Port", "Ready", "Started", "Image", "Missing"]);
        table["columnDefinitions"]![2]!.ToJsonString().ShouldBe("""{"name":"Port","type":"integer","format":"","description":"The port","priority":1}""");
        table["columnDefinitions"]![1]!["description"]!.GetValue<string>().ShouldBe("Custom resource definition column (in JSONPath format): .status.phase");
        Cells(table).ShouldBe("""["mc","Running",8080,true,"5m","a",null]""");
    }

    [Fact]
    public void FilterColumnsShowTheMatchingItemOrAnEmptyCell()
    {
        var columns = new List<PrinterColumn> { new("Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason") };
        var table = TableBuilder.Build(
            [
                Obj("""{"metadata":{"name":"oom"},"status":{"conditions":[{"type":"Reconciling","reason":"Progressing"},{"type":"Ready","reason":"OOMKilled"}]}}"""),
                Obj("""{"metadata":{"name":"new"},"status":{"conditions":[{"type":"Reconciling","reason":"Progressing"}]}}"""),
                Obj("""{"metadata":{"name":"none"},"status":{}}"""),
                Obj("""{"metadata":{"name":"odd"},"status":{"conditions":{"type":"Ready","reason":"NotAList"}}}"""),
            ],
            "kc.io",
            "ManagedContainer",
            columns,
            "Metadata",
            Now,
            "42",
            null);

        Enumerable.Range(0, 4).Select(row => Cells(table, row)).ShouldBe(
        [
            """["oom","OOMKilled"]""",
            """["new",null]""",
            """["none",null]""",
            """["odd",null]""",
        ]);
    }

    [Fact]
    public void CustomResourcesWithoutColumnsGetNameAndAge()
    {
        var table = Build("kc.io", "ManagedContainer", """{"metadata":{"name":"mc","creationTimestamp":"2025-01-01T09:00:00Z"}}""");

        Headers(table).ShouldBe(["Name", "Age"]);
        Cells(table).ShouldBe("""["mc","3h"]""");
    }

    [Fact]
    public void BuiltInKindsWithoutAPrinterUseTheDefaultConvertor()
    {
        var table = Build("rbac.authorization.k8s.io", "Role", """{"metadata":{"name":"r","creationTimestamp":"2025-01-01T09:00:00Z"}}""");

        Headers(table).ShouldBe(["Name", "Created At"]);
        Cells(table).ShouldBe("""["r","2025-01-01T09:00:00Z"]""");
    }

    [Theory]
    [InlineData("None", null)]
    [InlineData("Metadata", """{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"c"}}""")]
    [InlineData("Object", """{"kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""")]
    public void IncludeObjectControlsTheRowObject(string include, string? expected)
    {
        var table = Build(string.Empty, "ConfigMap", """{"kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""", include: include);

        table["rows"]![0]!["object"]?.ToJsonString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("", "Pod", "Name|Ready|Status|Restarts|Age|IP|Node|Nominated Node|Readiness Gates",
        """{"metadata":{"name":"p","creationTimestamp":"2025-01-01T11:58:00Z"},"spec":{"containers":[{"name":"a"},{"name":"b"}],"nodeName":"n1"},"status":{"phase":"Running","podIP":"10.0.0.1","containerStatuses":[{"name":"a","ready":true,"restartCount":0,"state":{"running":{}}},{"name":"b","ready":false,"restartCount":2,"lastState":{"terminated":{"finishedAt":"2025-01-01T11:59:00Z"}},"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}""",
        """["p","1/2","CrashLoopBackOff","2 (60s ago)","2m","10.0.0.1","n1","\u003Cnone\u003E","\u003Cnone\u003E"]""")]
    [InlineData("apps", "Deployment", "Name|Ready|Up-to-date|Available|Age|Containers|Images|Selector",
        """{"metadata":{"name":"d","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}},"status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}""",
        """["d","2/3",3,2,"60m","web","nginx","app=web"]""")]
    [InlineData("apps", "ReplicaSet", "Name|Desired|Current|Ready|Age|Containers|Images|Selector",
        """{"metadata":{"name":"rs","creationTimestamp":"2025-01-01T11:59:30Z"},"spec":{"replicas":2,"template":{"spec":{"containers":[]}}},"status":{"replicas":2,"readyReplicas":1}}""",
        """["rs",2,2,1,"30s","","",""]""")]
    [InlineData("batch", "Job", "Name|Status|Completions|Duration|Age|Containers|Images|Selector",
        """{"metadata":{"name":"j","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"completions":1},"status":{"succeeded":1,"startTime":"2025-01-01T11:00:00Z","completionTime":"2025-01-01T11:00:42Z","conditions":[{"type":"Complete","status":"True"}]}}""",
        """["j","Complete","1/1","42s","60m","","",""]""")]
    [InlineData("", "Service", "Name|Type|Cluster-IP|External-IP|Port(s)|Age|Selector",
        """{"metadata":{"name":"s","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"type":"NodePort","clusterIP":"10.96.0.10","ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP"}],"selector":{"app":"web"}}}""",
        """["s","NodePort","10.96.0.10","\u003Cnone\u003E","80:30080/TCP,53/UDP","60m","app=web"]""")]
    [InlineData("networking.k8s.io", "Ingress", "Name|Class|Hosts|Address|Ports|Age",
        """{"metadata":{"name":"i","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"ingressClassName":"nginx","rules":[{"host":"a.example"}],"tls":[{}]},"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}}""",
        """["i","nginx","a.example","1.2.3.4","80, 443","60m"]""")]
    [InlineData("networking.k8s.io", "NetworkPolicy", "Name|Pod-Selector|Age",
        """{"metadata":{"name":"np","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"podSelector":{}}}""",
        """["np","\u003Cnone\u003E","60m"]""")]
    [InlineData("", "PersistentVolumeClaim", "Name|Status|Volume|Capacity|Access Modes|StorageClass|VolumeAttributesClass|Age|VolumeMode",
        """{"metadata":{"name":"c","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"volumeName":"pv1","storageClassName":"standard","volumeMode":"Filesystem"},"status":{"phase":"Bound","accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"}}}""",
        """["c","Bound","pv1","1Gi","RWO","standard","\u003Cunset\u003E","60m","Filesystem"]""")]
    [InlineData("", "Namespace", "Name|Status|Age",
        """{"metadata":{"name":"ns","creationTimestamp":"2025-01-01T11:00:00Z"},"status":{"phase":"Active"}}""",
        """["ns","Active","60m"]""")]
    [InlineData("", "Node", "Name|Status|Roles|Age|Version|Internal-IP|External-IP|OS-Image|Kernel-Version|Container-Runtime",
        """{"metadata":{"name":"n","creationTimestamp":"2024-12-30T12:00:00Z","labels":{"node-role.kubernetes.io/control-plane":""}},"spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"True"}],"addresses":[{"type":"InternalIP","address":"172.18.0.2"}],"nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Debian"}}}""",
        """["n","Ready,SchedulingDisabled","control-plane","2d","v1.32.0","172.18.0.2","\u003Cnone\u003E","Debian","\u003Cunknown\u003E","\u003Cunknown\u003E"]""")]
    [InlineData("", "ConfigMap", "Name|Data|Age",
        """{"metadata":{"name":"cm","creationTimestamp":"2025-01-01T11:00:00Z"},"data":{"a":"1","b":"2"},"binaryData":{"c":""}}""",
        """["cm",3,"60m"]""")]
    [InlineData("", "Secret", "Name|Type|Data|Age",
        """{"metadata":{"name":"s","creationTimestamp":"2025-01-01T11:00:00Z"},"type":"Opaque","data":{"a":"MQ=="}}""",
        """["s","Opaque",1,"60m"]""")]
    [InlineData("", "Event", "Last Seen|Type|Reason|Object|Subobject|Source|Message|First Seen|Count|Name",
        """{"metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"p"},"type":"Normal","reason":"Started","message":"Started container ","source":{"component":"kubelet","host":"n1"},"firstTimestamp":"2025-01-01T11:00:00Z","lastTimestamp":"2025-01-01T11:59:00Z","count":4}""",
        """["60s","Normal","Started","pod/p","","kubelet, n1","Started container","60m",4,"e1"]""")]
    [InlineData("node.k8s.io", "RuntimeClass", "Name|Handler|Age",
        """{"metadata":{"name":"rc","creationTimestamp":"2025-01-01T11:00:00Z"},"handler":"runc"}""",
        """["rc","runc","60m"]""")]
    [InlineData("storage.k8s.io", "StorageClass", "Name|Provisioner|ReclaimPolicy|VolumeBindingMode|AllowVolumeExpansion|Age",
        """{"metadata":{"name":"standard","creationTimestamp":"2025-01-01T11:00:00Z","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"rancher.io/local-path","volumeBindingMode":"WaitForFirstConsumer"}""",
        """["standard (default)","rancher.io/local-path","Delete","WaitForFirstConsumer",false,"60m"]""")]
    [InlineData("networking.k8s.io", "IngressClass", "Name|Controller|Parameters|Age",
        """{"metadata":{"name":"nginx","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"controller":"k8s.io/ingress-nginx"}}""",
        """["nginx","k8s.io/ingress-nginx","\u003Cnone\u003E","60m"]""")]
    [InlineData("coordination.k8s.io", "Lease", "Name|Holder|Age",
        """{"metadata":{"name":"l","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"holderIdentity":"op-1"}}""",
        """["l","op-1","60m"]""")]
    public void BuiltInKindsGetTheirServerSideColumns(string group, string kind, string headers, string obj, string cells)
    {
        var table = Build(group, kind, obj);

        string.Join("|", Headers(table)).ShouldBe(headers);
        Cells(table).ShouldBe(cells);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"p","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"initContainers":[{"name":"i"}],"containers":[{"name":"a"}]},"status":{"phase":"Pending","initContainerStatuses":[{"name":"i","restartCount":0,"state":{"running":{}}}]}}""", "Init:0/1")]
    [InlineData("""{"metadata":{"name":"p","creationTimestamp":"2025-01-01T11:00:00Z","deletionTimestamp":"2025-01-01T11:59:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running"}}""", "Terminating")]
    [InlineData("""{"metadata":{"name":"p","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Succeeded","containerStatuses":[{"name":"a","state":{"terminated":{"reason":"Completed","exitCode":0}}}]}}""", "Completed")]
    [InlineData("""{"metadata":{"name":"p","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Failed","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":3}}}]}}""", "ExitCode:3")]
    [InlineData("""{"metadata":{"name":"p","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending"}}""", "Pending")]
    public void PodStatusFollowsTheKubectlRules(string pod, string status)
    {
        Build(string.Empty, "Pod", pod)["rows"]![0]!["cells"]![2]!.GetValue<string>().ShouldBe(status);
    }

    [Fact]
    public void ExposesBuiltInColumns()
    {
        TableBuilder.BuiltInColumns("apps", "Deployment")!.Select(c => (c.Name, c.Priority))
            .ShouldBe([("Name", 0), ("Ready", 0), ("Up-to-date", 0), ("Available", 0), ("Age", 0), ("Containers", 1), ("Images", 1), ("Selector", 1)]);
        TableBuilder.BuiltInColumns(string.Empty, "ServiceAccount").ShouldNotBeNull();
        TableBuilder.BuiltInColumns("rbac.authorization.k8s.io", "Role").ShouldBeNull();
    }
}
