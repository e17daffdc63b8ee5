namespace KubeContainers.Benchmarks;

/// <summary>
/// A Prometheus histogram's cumulative buckets (upper bound, count). Quantiles follow PromQL's histogram_quantile:
/// linear within the bucket the rank falls in, and the highest finite bound when it falls in +Inf. So a p99 is only
/// as fine as the buckets (controller-runtime's and client-go's; see docs/benchmarks.md).
/// </summary>
internal sealed class HistogramBuckets(IReadOnlyList<(double UpperBound, double Count)> buckets)
{
    public IReadOnlyList<(double UpperBound, double Count)> Buckets => buckets;

    public double Count => buckets.Count == 0 ? 0 : buckets[^1].Count;

    /// <summary>What was observed between an earlier scrape and this one.</summary>
    public HistogramBuckets Since(HistogramBuckets earlier)
    {
        var before = earlier.Buckets.ToDictionary(b => b.UpperBound, b => b.Count);
        return new HistogramBuckets([.. buckets.Select(b => (b.UpperBound, b.Count - before.GetValueOrDefault(b.UpperBound)))]);
    }

    /// <summary>The q-quantile (0..1) in the histogram's unit; null when nothing was observed.</summary>
    public double? Quantile(double q)
    {
        var total = Count;
        if (total <= 0)
        {
            return null;
        }

        var rank = q * total;
        var lower = 0.0;
        var below = 0.0;
        foreach (var (bound, cumulative) in buckets)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(bound))
                {
                    return lower;
                }

                var inBucket = cumulative - below;
                return inBucket <= 0 ? bound : lower + ((bound - lower) * (rank - below) / inBucket);
            }

            lower = bound;
            below = cumulative;
        }

        return lower;
    }
}
