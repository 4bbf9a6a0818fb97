using ScottPlot;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>
/// The PNG: lifecycles/s closed and intake p50/p99 (plus receipt → dispatched p99) against the offered load, and
/// CPU and memory of every process over the run.
/// </summary>
public static class LifecycleChart
{
    public static void Save(Report report, IReadOnlyList<ResourceSample> samples, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(4);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        var offered = report.Steps.Select(s => (double)s.Offered).ToArray();

        var throughput = multiplot.GetPlot(0);
        throughput.Title($"Lifecycles/s vs offered load{(report.Label == "" ? "" : " (" + report.Label + ")")}");
        Line(throughput, offered, offered, "offered", Colors.Gray);
        Line(throughput, offered, report.Steps.Select(s => s.StartedPerSecond).ToArray(), "taken in/s", Colors.Blue);
        Line(throughput, offered, report.Steps.Select(s => s.ClosedPerSecond).ToArray(), "closed/s", Colors.Green);
        throughput.XLabel("offered lifecycles/s");
        throughput.YLabel("per second");
        throughput.ShowLegend(Alignment.UpperLeft);

        var latency = multiplot.GetPlot(1);
        latency.Title("Latency vs offered load (ms, log10)");
        Line(latency, offered, Log(report.Steps.Select(s => s.Intake.P50)), "intake p50", Colors.Blue);
        Line(latency, offered, Log(report.Steps.Select(s => s.Intake.P99)), "intake p99", Colors.Red);
        Line(latency, offered, Log(report.Steps.Select(s => s.ReceiptToDispatched.P99)), "receipt->dispatched p99", Colors.Orange);
        Line(latency, offered, Log(report.Steps.Select(s => s.CompletionToCallbackScheduled.P99)), "completion->callback p99", Colors.Purple);
        latency.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("0.#"),
        };
        latency.XLabel("offered lifecycles/s");
        latency.ShowLegend(Alignment.UpperLeft);

        var names = samples.SelectMany(s => s.CpuPercent.Keys).Distinct().ToArray();
        var times = samples.Select(s => s.At).ToArray();
        var cpu = multiplot.GetPlot(2);
        cpu.Title("CPU per process (% of one core)");
        var memory = multiplot.GetPlot(3);
        memory.Title("Memory per process (MB; PostgreSQL and RabbitMQ: PSS summed)");
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var color = palette.GetColor(i);
            Line(cpu, times, samples.Select(s => s.CpuPercent.GetValueOrDefault(name)).ToArray(), name, color, markers: false);
            Line(memory, times, samples.Select(s => s.MemoryMb.GetValueOrDefault(name)).ToArray(), name, color, markers: false);
        }
        cpu.XLabel("seconds into the ramp");
        memory.XLabel("seconds into the ramp");
        cpu.ShowLegend(Alignment.UpperLeft);
        memory.ShowLegend(Alignment.UpperLeft);
        multiplot.SavePng(path, 1600, 1100);
    }

    private static double[] Log(IEnumerable<double> values) => values.Select(v => Math.Log10(Math.Max(v, 0.1))).ToArray();

    private static void Line(Plot plot, double[] xs, double[] ys, string label, Color color, bool markers = true)
    {
        if (xs.Length == 0) return;
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = label;
        line.MarkerSize = markers ? 6 : 0;
    }
}
