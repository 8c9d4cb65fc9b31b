using System;
using System.Threading;
using Showcase;

using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    shutdown.Cancel();
};

var catalog = new InMemoryCatalog();
var sync = new InventorySync(catalog);
var report = await sync.RunAsync(["sku-1", "sku-2", "sku-3"], shutdown.Token);
Console.WriteLine($"Synchronized {report.Updated} of {report.Requested} items.");
