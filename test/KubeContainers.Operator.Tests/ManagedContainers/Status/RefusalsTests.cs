using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Status;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

/// <summary>The apiserver's refusals, as its admission plugins and the RBAC authorizer word them.</summary>
public sealed class RefusalsTests
{
    public static readonly TheoryData<string, string, string> Messages = new()
    {
        {
            "services \"web\" is forbidden: exceeded quota: objects, requested: services=1,services.loadbalancers=1, used: services=4,services.loadbalancers=2, limited: services=4,services.loadbalancers=2",
            ConditionReasons.QuotaExceeded,
            "exceeds ResourceQuota objects: services requested 1, used 4, limited 4; services.loadbalancers requested 1, used 2, limited 2"
        },
        {
            "Error creating: pods \"web-5d8f-\" is forbidden: violates PodSecurity \"baseline:v1.31\": host namespaces (hostNetwork=true)",
            ConditionReasons.PodSecurityViolation,
            "the namespace's Pod Security level \"baseline:v1.31\" (label pod-security.kubernetes.io/enforce) refuses the pod: host namespaces (hostNetwork=true)"
        },
        {
            "ingresses.networking.k8s.io \"web\" is forbidden: admission webhook \"validate.nginx.ingress.kubernetes.io\" denied the request: host \"a.example.com\" and path \"/\" is already defined in ingress shop/web",
            ConditionReasons.AdmissionRefused,
            "admission webhook \"validate.nginx.ingress.kubernetes.io\" denied the request: host \"a.example.com\" and path \"/\" is already defined in ingress shop/web"
        },
        {
            "deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest' denied request: images must be pinned",
            ConditionReasons.AdmissionRefused,
            "ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest' denied request: images must be pinned"
        },
        {
            "ingresses.networking.k8s.io is forbidden: User \"system:serviceaccount:kc:kubecontainers\" cannot create resource \"ingresses\" in API group \"networking.k8s.io\" in the namespace \"shop\"",
            ConditionReasons.Forbidden,
            "User \"system:serviceaccount:kc:kubecontainers\" cannot create resource \"ingresses\" in API group \"networking.k8s.io\" in the namespace \"shop\""
        },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Names_the_cause_and_quotes_the_apiserver(string message, string reason, string detail)
    {
        var classified = Refusals.Classify(message).ShouldNotBeNull();

        classified.Reason.ShouldBe(reason);
        classified.Detail.ShouldBe(detail);
    }

    [Fact]
    public void A_message_naming_none_of_them_is_not_classified() =>
        Refusals.Classify("ConfigMap \"web-files\" is invalid: data: Too long: must have at most 1048576 bytes").ShouldBeNull();
}
