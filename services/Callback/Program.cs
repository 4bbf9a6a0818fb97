using PowerMicro.Callback;

var builder = WebApplication.CreateBuilder(args);
builder.AddCallback();

var app = builder.Build();
app.MapCallback();
app.Run();

public partial class Program;
