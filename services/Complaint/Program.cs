using PowerMicro.Complaint;

var builder = WebApplication.CreateBuilder(args);
builder.AddComplaint();

var app = builder.Build();
app.MapComplaint();
app.Run();

public partial class Program;
