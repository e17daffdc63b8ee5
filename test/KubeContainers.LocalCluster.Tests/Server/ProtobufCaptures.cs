namespace KubeContainers.LocalCluster.Tests.Server;

/// <summary>Request bodies that kubectl 1.32 and helm 4.1 (client-go 1.35) really sent as
/// application/vnd.kubernetes.protobuf, captured by a logging proxy in front of the local cluster (base64).</summary>
internal static class ProtobufCaptures
{
    /// <summary>kubectl create namespace ns1</summary>
    public const string KubectlCreateNamespace = "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhsKEwoDbnMxEgAaACIAKgAyADgAQgASABoCCgAaACIA";

    /// <summary>kubectl create configmap cm1 -n ns1 --from-literal=a=b --from-literal=e=</summary>
    public const string KubectlCreateConfigMap = "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEicKFgoDY20xEgAaA25zMSIAKgAyADgAQgASBgoBYRIBYhIFCgFlEgAaACIA";

    /// <summary>kubectl create secret generic s1 -n ns1 --from-literal=a=b</summary>
    public const string KubectlCreateSecret = "azhzAAoMCgJ2MRIGU2VjcmV0EiEKFQoCczESABoDbnMxIgAqADIAOABCABIGCgFhEgFiGgAaACIA";

    /// <summary>kubectl create role r1 -n ns1 --verb=get --resource=pods</summary>
    public const string KubectlCreateRole =
        "azhzAAokChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgRSb2xlEiYKFQoCcjESABoDbnMxIgAqADIAOABCABINCgNnZXQS" +
        "ABoEcG9kcxoAIgA=";

    /// <summary>kubectl create clusterrolebinding crb1 --clusterrole=cr1 --serviceaccount=ns1:sa1</summary>
    public const string KubectlCreateClusterRoleBinding =
        "azhzAAoyChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEhJDbHVzdGVyUm9sZUJpbmRpbmcSYwoUCgRjcmIxEgAaACIAKgAy" +
        "ADgAQgASHAoOU2VydmljZUFjY291bnQSABoDc2ExIgNuczEaLQoZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxILQ2x1c3RlclJv" +
        "bGUaA2NyMRoAIgA=";

    /// <summary>kubectl create deployment d1 -n ns1 --image=nginx --replicas=0 --port=80</summary>
    public const string KubectlCreateDeployment =
        "azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50ErcBCiAKAmQxEgAaA25zMSIAKgAyADgAQgBaCQoDYXBwEgJkMRKEAQgAEgsKCQoD" +
        "YXBwEgJkMRprChsKABIAGgAiACoAMgA4AEIAWgkKA2FwcBICZDESTBIuCgVuZ2lueBIFbmdpbngqADIKCgAQABhQIgAqAEIAagBy" +
        "AIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==";

    /// <summary>kubectl create job j1 -n ns1 --image=busybox -- echo hi</summary>
    public const string KubectlCreateJob =
        "azhzAAoPCghiYXRjaC92MRIDSm9iEocBChUKAmoxEgAaA25zMSIAKgAyADgAQgASZDJiChAKABIAGgAiACoAMgA4AEIAEk4SKwoC" +
        "ajESB2J1c3lib3gaBGVjaG8aAmhpKgBCAGoAcgCAAQCIAQCQAQCiAQAaBU5ldmVyMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAa" +
        "CCAAKAAwADoAGgAiAA==";

    /// <summary>kubectl create service clusterip svc1 -n ns1 --tcp=80:80</summary>
    public const string KubectlCreateService =
        "azhzAAoNCgJ2MRIHU2VydmljZRJsCiQKBHN2YzESABoDbnMxIgAqADIAOABCAFoLCgNhcHASBHN2YzESQAoYCgU4MC04MBIDVENQ" +
        "GFAiBggAEFAaACgAEgsKA2FwcBIEc3ZjMRoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==";

    /// <summary>kubectl create ingress i1 -n ns1 --rule=foo.com/bar=svc1:80 --class=nginx</summary>
    public const string KubectlCreateIngress =
        "azhzAAofChRuZXR3b3JraW5nLms4cy5pby92MRIHSW5ncmVzcxJSChUKAmkxEgAaA25zMSIAKgAyADgAQgASNRosCgdmb28uY29t" +
        "EiEKHwodCgQvYmFyEg4iDAoEc3ZjMRIECgAQUBoFRXhhY3QiBW5naW54GgIKABoAIgA=";

    /// <summary>kubectl create quota q1 -n ns1 --hard=pods=2,cpu=1</summary>
    public const string KubectlCreateQuota =
        "azhzAAoTCgJ2MRINUmVzb3VyY2VRdW90YRI0ChUKAnExEgAaA25zMSIAKgAyADgAQgASGQoKCgNjcHUSAwoBMQoLCgRwb2RzEgMK" +
        "ATIaABoAIgA=";

    /// <summary>kubectl create cronjob cj1 -n ns1 --image=busybox --schedule=*/1****</summary>
    public const string KubectlCreateCronJob =
        "azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKgAQoWCgNjajESABoDbnMxIgAqADIAOABCABKDAQoHKi8xKioqKhoAKnYKEwoDY2ox" +
        "EgAaACIAKgAyADgAQgASXzJdChAKABIAGgAiACoAMgA4AEIAEkkSIgoDY2oxEgdidXN5Ym94KgBCAGoAcgCAAQCIAQCQAQCiAQAa" +
        "CU9uRmFpbHVyZTIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAGgAaACIA";

    /// <summary>helm uninstall: the DELETE of a release Secret</summary>
    public const string HelmDeleteOptions = "azhzAAoTCgJ2MRINRGVsZXRlT3B0aW9ucxIAGgAiAA==";

    /// <summary>helm install tiny ./tiny (one ConfigMap): the release Secret it creates</summary>
    public const string HelmReleaseSecret =
        "azhzAAoMCgJ2MRIGU2VjcmV0EpMGCokBChpzaC5oZWxtLnJlbGVhc2UudjEudGlueS52MRIAGgAiACoAMgA4AEIAWhcKCWNyZWF0" +
        "ZWRBdBIKMTc5NTQyNDQ3M1oMCgRuYW1lEgR0aW55Wg0KBW93bmVyEgRoZWxtWhkKBnN0YXR1cxIPcGVuZGluZy1pbnN0YWxsWgwK" +
        "B3ZlcnNpb24SATES8AQKB3JlbGVhc2US5ARINHNJQUFBQUFBQUMvNVNTYjIvYU1CREd2MHAwZTV2UUpFRC9XT29iMkdBSVRkVTZS" +
        "Z3ZMVkIyeGs3alk1eWgycUZERmQ1OGMxcktxYjFicFhpUW4rN25udVorZmdWQUxZT0FrN1NFRVNZVUI5Z3lGYkt4NzRLSldaaTg0" +
        "TUVqajlEeEtraWp0TCtJckZpY3M2ZmVTZnBKZURDNkh3eldFb1BDREY3aXdlU05ySncwQmd4bEpKMUVGa3F4RHBZS1d1R2llMEh1" +
        "eURsMXJnVUV0aUVzcW83OW40QkJDWG1IanZHRXRISEowNkwvZlJ0cUp4aDVueEwya0YwTUlXTXZsYTNPWGVoMWw4aTB3YXBVS3dR" +
        "bGRLM1RDQXZ0MUVudHBudVc2dDBldGZJSnVIcXp1Ui9WU0wvZDVxbmFiUjFQeXh5OXpURlc3L216SzcrbFZ1OWFLRm5lVHA3Rk9G" +
        "SjlPdHF2NzIrcW1OT1ZzT3F3MmR6L1BaMTl2NncxdDUrdnBKRjR0ekh3MkhsVTNjaVRINWZVMWhLQU5kN0x6OEg2bGFhOC92Qmlr" +
        "Zzh0MERZZmZJZXhRdGQ3M01Zak5LNkh4N2Q5SkxZN2pKT3BxRWNlc0s0K2xrT3FrOE4relE5QklzaERXQVlNb2lqTDZGUHd3YlpN" +
        "TEZuZ09aKy8ybDlFSkF3dDJTVVpiU1p3RlkwT0ZMTDlobmRFTFU1WlJFSGdPUjYyTVhwdklnazFHLzBKT3dvNllyVEgzdHJrb3NG" +
        "V3VnMTZyL1lNV3JqTCtlVnFMY1BnVEFBRC8vMkcwUnQzK0FnQUEaEmhlbG0uc2gvcmVsZWFzZS52MRoAIgA=";
}
