namespace PowerMicro.Intake.Orders;

/// <summary>What intake decides with: the order as its own stream tells it.</summary>
public sealed class OrderState
{
    public Guid Id { get; set; }
    public string Kind { get; set; } = "";
    public string Subtype { get; set; } = "";
    public string Tier { get; set; } = "";
    public bool AppointmentService { get; set; }
    public bool Answered { get; set; }
    public int Round { get; set; } = 1;

    public void Apply(OrderTaken e)
    {
        Id = e.OrderId;
        Kind = e.Kind;
        Subtype = e.Subtype;
        Tier = e.Customer.Tier;
        AppointmentService = e.AppointmentService;
    }

    public void Apply(AnswerGiven _) => Answered = true;

    public void Apply(ReopenedAtIntake e)
    {
        Answered = false;
        Round = e.Round;
    }
}
