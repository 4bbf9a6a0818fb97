using PowerMicro.Complaint.Repeats;
using PowerMicro.Contracts;
using PowerMicro.Durable.Deadlines;

namespace PowerMicro.Complaint.Cases;

// What can be asked of a case. Limits are the configured deadline limits; the repeat verdict is read from the
// matter before deciding (CaseWrites), so deciding stays pure.

public sealed record OpenCase(OrderReceived Order, string CustomerName, RepeatVerdict Verdict, DeadlineLimits Limits);

public sealed record ContactCustomer(string By);

public sealed record ReplyToCustomer(string Reply, string By, bool? Verified);

public sealed record ReopenCase(OrderReopened Reopened, DeadlineLimits Limits);
