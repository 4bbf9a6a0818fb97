using PowerMicro.Intake;

var builder = WebApplication.CreateBuilder(args);
builder.AddIntake();

var app = builder.Build();
app.MapIntake();
app.Run();

public partial class Program;
