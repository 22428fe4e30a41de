// Single-node mode takes the library and what its metrics need (Micrometer's Prometheus registry),
// nothing else: the lib artifact's POM may force no Redisson, Netty or byte-buddy, nor any SLF4J
// provider (or SLF4J at all), on a host.
import java.util.zip.ZipFile

File war = new File(basedir, 'target/single-node-host.war')
assert war.isFile() : "the build made no ${war}"
List<String> libs = new ZipFile(war).withCloseable { zip ->
    zip.entries().collect { it.name }.findAll { it ==~ /WEB-INF\/lib\/[^\/]+\.jar/ }
            .collect { it.substring('WEB-INF/lib/'.length()) }.sort()
}
println "single-node-host.war: ${war.length()} bytes; WEB-INF/lib: ${libs}"
new File(basedir, 'target/war-contents.txt').text = "${war.length()} bytes\n${libs.join('\n')}\n"

List<String> unwanted = libs.findAll { it =~ /redisson|netty|byte-buddy|slf4j|logback|log4j/ }
assert unwanted.isEmpty() : "the library forced these on a single-node host: ${unwanted}"
List<String> others = libs.findAll { !(it ==~ /jobs-gateway-.+-lib\.jar|micrometer-.+\.jar|prometheus-metrics-.+\.jar|HdrHistogram-.+\.jar|jspecify-.+\.jar/) }
assert libs.any { it ==~ /jobs-gateway-.+-lib\.jar/ } && others.isEmpty() :
        "WEB-INF/lib must hold the library and Micrometer's Prometheus registry alone: ${libs}"
return true
