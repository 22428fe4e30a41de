// Single-node mode takes the library and nothing else: the lib artifact's POM may force no
// Redisson, Netty or byte-buddy, nor any SLF4J provider (or SLF4J at all), on a host.
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
assert libs.size() == 1 && libs[0] ==~ /jobs-gateway-.+-lib\.jar/ : "WEB-INF/lib must hold the library alone: ${libs}"
return true
