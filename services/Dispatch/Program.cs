using PowerMicro.Dispatch;

var builder = WebApplication.CreateBuilder(args);
builder.AddDispatch();

var app = builder.Build();
app.MapDispatch();
app.Run();

public partial class Program;
