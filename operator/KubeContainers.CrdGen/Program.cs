Console.Error.WriteLine("crdgen: not yet implemented");
return 1;
