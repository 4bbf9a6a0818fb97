namespace PowerMicro.EndToEnd.Tests.Soak;

/// <summary>A test that runs only when deploy/soak.sh asks for it (POWERMICRO_SOAK_MINUTES set): CI never runs the long run.</summary>
public sealed class SoakFactAttribute : FactAttribute
{
    public SoakFactAttribute()
    {
        if (SoakSettings.Minutes is null) Skip = "The long run: deploy/soak.sh runs it (POWERMICRO_SOAK_MINUTES).";
        Timeout = 0;
    }
}

public static class SoakSettings
{
    /// <summary>How long the load runs (POWERMICRO_SOAK_MINUTES).</summary>
    public static double? Minutes =>
        double.TryParse(Environment.GetEnvironmentVariable("POWERMICRO_SOAK_MINUTES"), System.Globalization.CultureInfo.InvariantCulture, out var m) && m > 0 ? m : null;

    /// <summary>Minutes between faults (POWERMICRO_SOAK_FAULT_EVERY, default 5).</summary>
    public static double FaultEvery =>
        double.TryParse(Environment.GetEnvironmentVariable("POWERMICRO_SOAK_FAULT_EVERY"), System.Globalization.CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 5;

    /// <summary>Orders started per second (POWERMICRO_SOAK_RATE, default 1).</summary>
    public static double Rate =>
        double.TryParse(Environment.GetEnvironmentVariable("POWERMICRO_SOAK_RATE"), System.Globalization.CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 1;
}
