// Cluster mode: the host added Redisson, so WEB-INF/lib has it with Netty; the library itself
// still forces no SLF4J provider (slf4j-api comes with Redisson, a provider is the host's choice).
import java.util.zip.ZipFile

File war = new File(basedir, 'target/cluster-host.war')
assert war.isFile() : "the build made no ${war}"
List<String> libs = new ZipFile(war).withCloseable { zip ->
    zip.entries().collect { it.name }.findAll { it ==~ /WEB-INF\/lib\/[^\/]+\.jar/ }
            .collect { it.substring('WEB-INF/lib/'.length()) }.sort()
}
println "cluster-host.war: ${war.length()} bytes; WEB-INF/lib: ${libs}"
new File(basedir, 'target/war-contents.txt').text = "${war.length()} bytes\n${libs.join('\n')}\n"

assert libs.any { it ==~ /jobs-gateway-.+-lib\.jar/ } : "no library in WEB-INF/lib: ${libs}"
assert libs.contains('redisson-4.7.0.jar') : "no Redisson in WEB-INF/lib: ${libs}"
assert libs.any { it.startsWith('netty-') } : "no Netty in WEB-INF/lib: ${libs}"
List<String> providers = libs.findAll { it =~ /slf4j-(jdk14|simple|reload4j|nop)|logback-classic|log4j-slf4j/ }
assert providers.isEmpty() : "the library forced an SLF4J provider on the host: ${providers}"
return true
