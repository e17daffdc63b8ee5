using System.Text.Json.Nodes;
using Cel;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Tests.Schema;

/// <summary>
/// Kubernetes' CEL quantity library as kube-apiserver 1.31 evaluates it (the cases of upstream's quantity_test.go
/// and the examples of its documentation, plus exactness beyond a float64 and Go's parse errors): values, runtime
/// errors with Go's text, and the rules cel-go's checker refuses.
/// </summary>
public sealed class CelQuantityTests
{
    /// <summary>Checks and runs <paramref name="expression"/> with no variables: its value, or the runtime error's
    /// message prefixed with "error: ", or the compile error prefixed with "compile: ".</summary>
    private static object? Run(string expression)
    {
        var env = CelLibrary.NewEnvironment();
        var tree = CelCheck.Check(env, expression, new Dictionary<string, JsonObject?>(), out var error);
        if (tree is null)
        {
            return "compile: " + error;
        }

        try
        {
            return env.Compile(tree)(new Dictionary<string, object?>());
        }
        catch (CelException e)
        {
            return "error: " + e.Message;
        }
    }

    [Theory]
    [InlineData("isQuantity('20')", true)]
    [InlineData("isQuantity('20M')", true)]
    [InlineData("isQuantity('20Mi')", true)]
    [InlineData("isQuantity('1.3G') && isQuantity('1.3Gi') && isQuantity('10000k') && isQuantity('-5e3') && isQuantity('+.5')", true)]
    [InlineData("isQuantity('20Mo')", false)]
    [InlineData("isQuantity('10Mm')", false)]
    [InlineData("isQuantity('200K')", false)]
    [InlineData("isQuantity('1,3G')", false)]
    [InlineData("isQuantity('Three')", false)]
    [InlineData("isQuantity('')", false)]
    [InlineData("isQuantity(' 1')", false)]
    [InlineData("isQuantity('e-10')", false)]
    [InlineData("isQuantity('1.1.M') || isQuantity('1+1.0M') || isQuantity('0.1mi') || isQuantity('.5i') || isQuantity('-3.01e-') || isQuantity('1 ')", false)]
    [InlineData("isQuantity('.001') && isQuantity('1.G') && isQuantity('-.') && isQuantity('1.3E+6')", true)]
    public void IsQuantity_answers_whether_Go_parses_the_text(string expression, bool expected)
    {
        Run(expression).ShouldBe(expected);
    }

    [Theory]
    [InlineData("quantity('12Mi') == quantity('12582912')", true)]
    [InlineData("quantity('200M') == quantity('200M')", true)]
    [InlineData("quantity('200M') == quantity('0.2G') && quantity('0.2G') == quantity('200M')", true)]
    [InlineData("quantity('2M') == quantity('0.002G') && quantity('2000k') == quantity('2M') && quantity('0.002G') == quantity('2000k')", true)]
    [InlineData("quantity('200M') == quantity('0.3G')", false)]
    [InlineData("quantity('1') == quantity('1000m') && quantity('1') != quantity('1001m')", true)]
    [InlineData("quantity('1Ki') in [quantity('1'), quantity('1024')]", true)]
    [InlineData("quantity('0.1n') == quantity('1n')", true)] // below a nano rounds up to one, as Go parses
    [InlineData("quantity('1.5e-9') == quantity('2n') && quantity('-1.5e-9') == quantity('-2n')", true)]
    [InlineData("quantity('1.') == quantity('1') && quantity('.5') == quantity('500m') && quantity('1E') == quantity('1e18')", true)]
    [InlineData("quantity('1.5Gi') == quantity('1536Mi') && quantity('0.5Ki') == quantity('512')", true)]
    [InlineData("quantity('0.000000000001Ki') == quantity('2n') && quantity('3.001n') == quantity('4n')", true)]
    [InlineData("quantity('9Ei') == quantity('9223372036854775807') && quantity('9223372036854775807Ki') == quantity('9223372036854775807')", true)] // capped
    public void Equality_compares_values_not_texts(string expression, bool expected)
    {
        Run(expression).ShouldBe(expected);
    }

    [Theory]
    [InlineData("quantity('50M').isLessThan(quantity('50Mi'))", true)]
    [InlineData("quantity('50M').isLessThan(quantity('100M'))", true)]
    [InlineData("quantity('100M').isLessThan(quantity('50M'))", false)]
    [InlineData("quantity('50Mi').isGreaterThan(quantity('50M'))", true)]
    [InlineData("quantity('150Mi').isGreaterThan(quantity('100Mi'))", true)]
    [InlineData("quantity('50M').isGreaterThan(quantity('100M'))", false)]
    [InlineData("quantity('1Gi').isGreaterThan(quantity('1G'))", true)]
    [InlineData("quantity('500m').isLessThan(quantity('1'))", true)]
    [InlineData("quantity('1').isGreaterThan(quantity('1000m')) || quantity('1').isLessThan(quantity('1000m'))", false)]
    [InlineData("quantity('9007199254740993').isGreaterThan(quantity('9007199254740992'))", true)] // equal as float64s
    [InlineData("quantity('1.000000001').isGreaterThan(quantity('1'))", true)]
    [InlineData("quantity('9999999999999999999999999999999999999G').isGreaterThan(quantity('9999999999999999999999999999999999998G'))", true)]
    [InlineData("quantity('-1Ki').isLessThan(quantity('-1k'))", true)]
    public void IsLessThan_and_isGreaterThan_compare_exactly(string expression, bool expected)
    {
        Run(expression).ShouldBe(expected);
    }

    [Theory]
    [InlineData("quantity('200M').compareTo(quantity('0.2G'))", 0L)]
    [InlineData("quantity('50M').compareTo(quantity('50Mi'))", -1L)]
    [InlineData("quantity('50Mi').compareTo(quantity('50M'))", 1L)]
    [InlineData("quantity('1').compareTo(quantity('1000m'))", 0L)]
    [InlineData("quantity('2').compareTo(quantity('512Mi'))", -1L)]
    [InlineData("sign(quantity('500m'))", 1L)]
    [InlineData("sign(quantity('-1Ki'))", -1L)]
    [InlineData("sign(quantity('0'))", 0L)]
    [InlineData("sign(quantity('0.0Ki'))", 0L)]
    [InlineData("quantity('50k').asInteger()", 50000L)]
    [InlineData("quantity('1Ki').asInteger()", 1024L)]
    [InlineData("quantity('-3e3').asInteger()", -3000L)]
    [InlineData("quantity('50k').add(20).sub(quantity('100k')).asInteger()", -49980L)]
    [InlineData("quantity('50k').add(20).sub(quantity('100k')).sub(-50000).asInteger()", 20L)]
    public void CompareTo_sign_and_asInteger_answer_ints(string expression, long expected)
    {
        Run(expression).ShouldBe(expected);
    }

    [Theory]
    [InlineData("quantity('50').isInteger()", true)]
    [InlineData("quantity('50000000G').isInteger()", true)]
    [InlineData("quantity('9999999999999999999999999999999999999G').isInteger()", false)]
    [InlineData("quantity('500m').isInteger()", false)]
    [InlineData("quantity('1000m').isInteger()", false)] // Go holds it as 1000 × 10^-3, which AsInt64 does not convert
    [InlineData("quantity('1.5Gi').isInteger()", false)] // a fraction of a binary suffix is an inf.Dec in Go
    [InlineData("quantity('9223372036854775807').isInteger()", false)] // more than 18 digits: an inf.Dec in Go
    [InlineData("quantity('9e18').isInteger() && !quantity('9e18').add(quantity('1e18')).isInteger()", true)]
    public void IsInteger_answers_whether_asInteger_would_succeed(string expression, bool expected)
    {
        Run(expression).ShouldBe(expected);
    }

    [Theory]
    [InlineData("quantity('50k').add(quantity('20')) == quantity('50.02k')", true)]
    [InlineData("quantity('50k').add(20) == quantity('50020')", true)]
    [InlineData("quantity('50k').add(20).isLessThan(quantity('50020'))", false)]
    [InlineData("quantity('50k').sub(quantity('20')) == quantity('49.98k')", true)]
    [InlineData("quantity('50k').sub(20000) == quantity('30k')", true)]
    [InlineData("quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')", true)]
    [InlineData("quantity('1.5Gi').add(quantity('512Mi')) == quantity('2Gi')", true)]
    [InlineData("quantity('9223372036854775807').add(1) == quantity('9223372036854775808')", true)]
    [InlineData("quantity('100m').add(quantity('200m')) == quantity('300m')", true)] // 0.1 + 0.2 exactly
    public void Add_and_sub_are_exact(string expression, bool expected)
    {
        Run(expression).ShouldBe(expected);
    }

    [Theory]
    [InlineData("quantity('50.703k').asApproximateFloat()", 50703.0)]
    [InlineData("quantity('500m').asApproximateFloat()", 0.5)]
    [InlineData("quantity('50k').sub(20000).asApproximateFloat()", 30000.0)]
    [InlineData("quantity('1Mi').asApproximateFloat()", 1048576.0)]
    [InlineData("quantity('1.5Gi').asApproximateFloat()", 1610612736.0)]
    [InlineData("quantity('9999999999999999999999999999999999999G').asApproximateFloat()", 1.0000000000000001e+46)] // Go's float64 × math.Pow10(-9)
    public void AsApproximateFloat_answers_a_double(string expression, double expected)
    {
        Run(expression).ShouldBe(expected);
    }

    [Theory]
    [InlineData("quantity('10Mo')", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("quantity('')", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("quantity('10Mm')", "error: unable to parse quantity's suffix")]
    [InlineData("quantity('200K')", "error: unable to parse quantity's suffix")]
    [InlineData("quantity('e-10')", "error: unable to parse numeric part of quantity")]
    [InlineData("quantity('9999999999999999999999999999999999999G').asInteger()", "error: cannot convert value to integer")]
    [InlineData("quantity('1.5Gi').asInteger()", "error: cannot convert value to integer")]
    [InlineData("quantity('500m').asInteger()", "error: cannot convert value to integer")]
    public void Invalid_text_and_unconvertible_values_are_runtime_errors_in_Gos_words(string expression, string expected)
    {
        Run(expression).ShouldBe(expected);
    }

    [Theory]
    [InlineData("quantity('1').sign() == 1", "ERROR: <input>:1:19: found no matching overload for 'sign' applied to 'kubernetes.Quantity.()'")]
    [InlineData("isInteger(quantity('1'))", "ERROR: <input>:1:10: found no matching overload for 'isInteger' applied to '(kubernetes.Quantity)'")]
    [InlineData("quantity('1') < quantity('2')", "ERROR: <input>:1:15: found no matching overload for '_<_' applied to '(kubernetes.Quantity, kubernetes.Quantity)'")]
    [InlineData("quantity('1') + quantity('2') == quantity('3')", "ERROR: <input>:1:15: found no matching overload for '_+_' applied to '(kubernetes.Quantity, kubernetes.Quantity)'")]
    [InlineData("quantity('1') == 1", "ERROR: <input>:1:15: found no matching overload for '_==_' applied to '(kubernetes.Quantity, int)'")]
    [InlineData("quantity(1).isInteger()", "ERROR: <input>:1:9: found no matching overload for 'quantity' applied to '(int)'")]
    [InlineData("'1'.isGreaterThan(quantity('2'))", "ERROR: <input>:1:18: found no matching overload for 'isGreaterThan' applied to 'string.(kubernetes.Quantity)'")]
    [InlineData("quantity('1').add('2').isInteger()", "ERROR: <input>:1:18: found no matching overload for 'add' applied to 'kubernetes.Quantity.(string)'")]
    [InlineData("string(quantity('1')) == '1'", "ERROR: <input>:1:7: found no matching overload for 'string' applied to '(kubernetes.Quantity)'")]
    [InlineData("quantity('1').size() == 1", "ERROR: <input>:1:19: found no matching overload for 'size' applied to 'kubernetes.Quantity.()'")]
    public void Calls_and_operators_no_overload_takes_do_not_compile(string expression, string expected)
    {
        Run(expression).ShouldBe("compile: " + expected + "\n | " + expression + "\n | " + new string('.', int.Parse(expected.Split(':')[3], System.Globalization.CultureInfo.InvariantCulture) - 1) + "^");
    }
}
