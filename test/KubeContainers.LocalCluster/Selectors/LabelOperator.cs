namespace KubeContainers.LocalCluster.Selectors;

/// <summary>The operators of a label selector requirement (apimachinery's selection.Operator).</summary>
public enum LabelOperator
{
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
