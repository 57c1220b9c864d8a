// The build passed (tests included); its log must not carry a warning of two logging providers or of classes that
// clash on the class path.
def log = new File(basedir, 'build.log').text
['multiple SLF4J providers', 'multiple SLF4J bindings', 'StaticLoggerBinder', 'No SLF4J providers were found',
 'Defaulting to no-operation', 'occurs multiple times on the classpath', 'Found multiple occurrences of',
 'LinkageError', 'NoSuchMethodError', 'overlapping classes'].each { marker ->
    assert !log.contains(marker): "build.log says: ${marker}"
}
assert log.contains('Tests run: 1, Failures: 0, Errors: 0'): 'the test did not run'
return true
